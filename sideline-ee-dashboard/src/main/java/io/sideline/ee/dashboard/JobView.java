package io.sideline.ee.dashboard;

import io.sideline.ee.SidelineAdmin;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code GET api/dead|retry|scheduled}: the job's {@code args} as the JSON array they are (a string when
 * the payload held something unreadable), {@code at} when it is due (retry, scheduled) or died (dead).
 */
public record JobView(String jid, @JsonbProperty("class") String jobClass, String queue, JsonValue args,
                      String runId, String errorClass, String errorMessage, Instant failedAt, int retryCount,
                      Instant at) {

    static JobView of(SidelineAdmin.JobEntry e) {
        return new JobView(e.jid(), e.jobClass(), e.queue(), JsonText.parse(e.args()), e.runId(), e.errorClass(),
                e.errorMessage(), e.failedAt(), e.retryCount(), e.at());
    }

    /** The answer of {@code GET api/dead|retry|scheduled}. */
    public record Page(List<JobView> jobs, String next) {
    }
}

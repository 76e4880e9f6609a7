package io.sideline.chaos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the jobs of unfinished runs still are. A run that is not finished at the deadline is <b>stuck</b> when a
 * job of it still sits in a queue, an in-progress list, the schedule or the retry set (something could still move
 * it, or something holds it), and <b>lost</b> when nothing of it is left anywhere (or its status vanished).
 */
final class Traces {

    /** Payloads larger than this are not parsed (a bad-input payload); they name no run of ours. */
    private static final int MAX_PARSED = 1 << 20;

    private Traces() {
    }

    static Set<String> runIdsWithJobs(CampaignRedis redis) {
        List<String> payloads = new ArrayList<>();
        Set<String> lists = new HashSet<>();
        lists.addAll(redis.call(r -> r.keys("sideline:queue:*")));
        lists.addAll(redis.call(r -> r.keys("sideline:inprogress:*")));
        for (String list : lists) {
            payloads.addAll(redis.lrange(list));
        }
        payloads.addAll(redis.call(r -> r.zrange("sideline:schedule", 0, -1)));
        payloads.addAll(redis.call(r -> r.zrange("sideline:retry", 0, -1)));
        Set<String> runIds = new HashSet<>();
        for (String payload : payloads) {
            if (payload.length() > MAX_PARSED) {
                continue;
            }
            try {
                JsonObject job = Json.createReader(new StringReader(payload)).readObject();
                if (job.get("sideline_run_id") instanceof JsonString runId) {
                    runIds.add(runId.getString());
                }
            } catch (RuntimeException notAJob) {
                // bad input of scenario 8: no run
            }
        }
        return runIds;
    }
}

package io.sideline.ee.redis;

/**
 * complete.lua would release a barrier whose continuation is a staged plan that is not sealed yet: nothing was
 * changed; the caller stages the plan ({@link StagedPlans#stageRelease}) and completes again.
 */
final class UnstagedContinuationException extends RuntimeException {

    private final transient ScriptArgs.Level level;

    UnstagedContinuationException(ScriptArgs.Level level) {
        super("the continuation of barrier " + level.barrierId() + " is not staged yet", null, false, false);
        this.level = level;
    }

    ScriptArgs.Level level() {
        return level;
    }
}

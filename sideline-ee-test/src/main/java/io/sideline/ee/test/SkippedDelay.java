package io.sideline.ee.test;

import io.sideline.ee.model.Job;

/**
 * A delay inline mode did not wait for: {@code job} would have started {@code delayMs} after its predecessor.
 *
 * @param job     the delayed job
 * @param path    its place in the tree, e.g. {@code $.chain[1].step}
 * @param delayMs the total delay it would have waited (nested delays add up)
 */
public record SkippedDelay(Job job, String path, long delayMs) {
}

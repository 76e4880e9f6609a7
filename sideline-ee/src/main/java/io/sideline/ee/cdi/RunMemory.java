package io.sideline.ee.cdi;

import io.sideline.ee.WorkflowMemory;

/**
 * The runs' memory in use: the application's {@link WorkflowMemory} bean, or the default one in Redis. A type of its
 * own, so that producing it never competes with the application's bean of type {@code WorkflowMemory}.
 *
 * @param store   where the runs' memory is read and written
 * @param inRedis whether it is the default RedisHashMemory (written atomically by the scripts)
 */
record RunMemory(WorkflowMemory store, boolean inRedis) {
}

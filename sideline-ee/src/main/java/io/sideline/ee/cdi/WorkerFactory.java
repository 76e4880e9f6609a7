package io.sideline.ee.cdi;

import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.RetryPolicy;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.Scheduler;
import io.sideline.ee.runtime.WorkerRegistry;
import io.sideline.ee.telemetry.Metrics;
import io.sideline.ee.telemetry.Tracing;
import io.sideline.ee.worker.Processor;
import io.sideline.ee.worker.RedisRetry;
import io.sideline.ee.worker.StopSignal;
import io.sideline.ee.worker.Worker;
import io.sideline.ee.worker.WorkerIdentity;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Builds this server's worker (not started) from the wired parts: the processor that invokes the jobs' beans and
 * completes them through {@link OutputCompleter}, over the ports as the application's {@link PortDecorators} see
 * them. {@link WorkerLifecycle} calls it once, when the application starts with the worker enabled.
 */
final class WorkerFactory {

    /** The ports the worker uses, each as the application's decorators see it. */
    record Ports(JobQueue queue, WorkerRegistry registry, Scheduler scheduler, RunStore runs) {
    }

    /** How the worker reaches the application: its job beans, their inputs and outputs. */
    record Jobs(JobRegistry registry, BeanManager beanManager, ArgsJson args, PayloadCodec payloads,
                TypedInputs inputs, OutputCompleter completion) {
    }

    /** What the worker reports to: counts, traces, metrics. */
    record Telemetry(JobCounters counters, Tracing tracing, Metrics metrics) {
    }

    private final SidelineConfig config;
    private final Ports ports;
    private final Jobs jobs;
    private final Telemetry telemetry;
    private final StopSignal stop;
    private final RedisRetry bookkeeping;

    WorkerFactory(SidelineConfig config, Ports ports, Jobs jobs, Telemetry telemetry, StopSignal stop,
                  RedisRetry bookkeeping) {
        this.config = config;
        this.ports = ports;
        this.jobs = jobs;
        this.telemetry = telemetry;
        this.stop = stop;
        this.bookkeeping = bookkeeping;
    }

    Worker create() {
        CdiJobInvoker invoker = new CdiJobInvoker(jobs.registry(), jobs.beanManager(), jobs.args(),
                jobs.payloads()::parseArray, jobs.inputs());
        Processor processor = new Processor(jobs.payloads(), invoker, jobs.completion()::complete, ports.queue(),
                new RetryPolicy(config.retry().max(), config.retry().backoffBase(), config.retry().backoffMax()),
                bookkeeping, System::currentTimeMillis, telemetry.counters(), telemetry.tracing(), telemetry.metrics());
        return new Worker(config, WorkerIdentity.create(), ports.queue(), ports.registry(), ports.scheduler(), stop,
                processor, ports.runs());
    }
}

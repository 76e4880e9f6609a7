# apcat.py OLD.txt NEW.txt : samples of two collapsed-stack files (apwin.sh) by kind of thread work: the worker's job
# path, the starts (enqueue/run), the JIT compiler, GC, the rest
import sys, collections
def kinds(path):
    c = collections.Counter()
    for line in open(path):
        stack, _, n = line.rstrip('\n').rpartition(' ')
        if not stack:
            continue
        n = int(n)
        if 'CompileBroker' in stack: k = 'jit'
        elif 'GCTaskThread' in stack or 'ConcurrentGCThread' in stack or 'WorkerThread::run' in stack: k = 'gc'
        elif 'OutputCompleter' in stack or 'FetchLoop' in stack or 'Processor.' in stack: k = 'worker'
        elif 'Scenarios' in stack or 'WorkflowsBean' in stack or 'SidelineRuntime' in stack: k = 'starts'
        else: k = 'other'
        c[k] += n
    return c
o, n = kinds(sys.argv[1]), kinds(sys.argv[2])
print(' '.join(f"{k}: {o[k]} -> {n[k]} ({n[k] / max(o[k], 1):.2f})" for k in ('worker', 'starts', 'jit', 'gc', 'other')))

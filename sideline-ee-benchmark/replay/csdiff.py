# csdiff.py OLD.txt NEW.txt [rep] : the CMDSTATS lines (cmdstats.py) of one repetition, per step: commands, their usec,
# and the eight dearest commands (calls/usec per step)
import sys
rep = sys.argv[3] if len(sys.argv) > 3 else '1'
for side, path in (('old', sys.argv[1]), ('new', sys.argv[2])):
    print('==', side)
    for line in open(path):
        d = dict(p.split('=', 1) for p in line.split()[1:])
        if d['rep'] != rep:
            continue
        steps = int(d['steps'])
        cmds = {k: tuple(map(int, v.split('/'))) for k, v in d.items() if k not in ('rep', 'steps', 'wall')}
        dear = sorted(cmds.items(), key=lambda x: -x[1][1])[:8]
        print(f"steps={steps} wall={d['wall']} " + ' '.join(f"{k}:{c / steps:.3f}/{u / steps:.2f}" for k, (c, u) in dear))

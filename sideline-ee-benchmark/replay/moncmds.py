# moncmds.py FILE.mon WINDOW UNITS : inner (lua) and outer commands per unit, with mean arg count and bytes
import sys, re, collections, shlex
f, win, units = sys.argv[1], sys.argv[2], int(sys.argv[3])
on = False
inner = collections.Counter(); args = collections.Counter(); byts = collections.Counter(); outer = collections.Counter()
for line in open(f, errors='replace'):
    if f'"MARK-BEGIN-{win}"' in line: on = True; continue
    if f'"MARK-END-{win}"' in line: break
    if not on: continue
    m = re.match(r'[\d.]+ \[(\d+) ([^\]]+)\] (.*)', line.rstrip('\n'))
    if not m: continue
    src, rest = m.group(2), m.group(3)
    toks = re.findall(r'"((?:[^"\\]|\\.)*)"', rest)
    if not toks: continue
    cmd = toks[0].upper()
    key = cmd + ('' if src != 'lua' else '')
    c = inner if src == 'lua' else outer
    c[cmd] += 1; 
    if src == 'lua': args[cmd] += len(toks) - 1; byts[cmd] += sum(len(t) for t in toks[1:])
    else: args['>' + cmd] += len(toks) - 1; byts['>' + cmd] += sum(len(t) for t in toks[1:])
print('outer per unit:', ' '.join(f"{k}:{v/units:.2f}(args {args['>'+k]/v:.1f}, bytes {byts['>'+k]/v:.0f})" for k, v in outer.most_common()))
print('inner per unit: total', f"{sum(inner.values())/units:.2f}", 'args', f"{sum(args.values())/units:.1f}")
for k, v in inner.most_common():
    print(f'  {k:18} {v/units:6.2f}  args/call {args[k]/v:5.1f}  bytes/call {byts[k]/v:6.0f}')

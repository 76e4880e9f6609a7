# jfrwin.py FILE.jfr T0 T1 [topN] : top self frames and top inclusive methods (io.sideline / jedis) of ExecutionSamples in [T0,T1] epoch ms
import sys, subprocess, json, collections, datetime
f, t0, t1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]); top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
out = subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.ExecutionSample', f], capture_output=True, text=True).stdout
ev = json.loads(out)['recording']['events']
selfc = collections.Counter(); incl = collections.Counter(); n = 0
for e in ev:
    st = e['values']['startTime']
    ms = int(datetime.datetime.fromisoformat(st.replace('Z', '+00:00')).timestamp() * 1000)
    if not (t0 <= ms <= t1): continue
    frames = e['values']['stackTrace']['frames'] if e['values'].get('stackTrace') else []
    if not frames: continue
    n += 1
    def name(fr): m = fr['method']; return m['type']['name'].split('.')[-1] + '.' + m['name']
    selfc[name(frames[0])] += 1
    seen = set()
    for fr in frames:
        nm = name(fr); full = fr['method']['type']['name']
        if nm in seen: continue
        seen.add(nm)
        if 'sideline' in full or 'jedis' in full: incl[nm] += 1
print('samples', n)
print('-- self'); [print(f'{c*100/n:5.1f}% {k}') for k, c in selfc.most_common(top)]
print('-- inclusive (sideline/jedis)'); [print(f'{c*100/n:5.1f}% {k}') for k, c in incl.most_common(top)]

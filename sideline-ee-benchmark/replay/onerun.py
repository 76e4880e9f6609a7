import sys,re
# print the first K top-level EVALSHA in window with their inner commands (truncated)
path, win, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
inwin=False; shown=0; cur=False
skip=set(sys.argv[4].split(',')) if len(sys.argv)>4 else set()
for line in open(path, encoding='utf-8', errors='replace'):
    if f'MARK-BEGIN-{win}"' in line: inwin=True; continue
    if f'MARK-END-{win}"' in line: break
    if not inwin: continue
    body=line.split('] ',1)[1].rstrip()
    if ' lua]' not in line:
        m=re.match(r'"(\w+)"(?: "(\w{8}))?', body)
        name=m.group(1)+(':'+m.group(2) if m.group(1)=='EVALSHA' else '')
        if name in skip or not name.startswith('EVALSHA'): cur=False; continue
        shown+=1
        if shown>k: break
        cur=True; print('>>', body[:300])
    elif cur: print('     ', body[:200])

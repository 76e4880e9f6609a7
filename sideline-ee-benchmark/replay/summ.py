import sys, re, collections
def windows(path):
    cur=None; w=collections.defaultdict(list)
    for line in open(path, encoding='utf-8', errors='replace'):
        m=re.search(r'"ECHO" "MARK-(BEGIN|END)-(\w+)"', line)
        if m:
            cur = m.group(2) if m.group(1)=='BEGIN' else None; continue
        if cur: w[cur].append(line)
    return w
tok=re.compile(r'"((?:[^"\\]|\\.)*)"')
def summarize(lines, shas):
    top=collections.Counter(); inner=collections.Counter()
    for l in lines:
        args=tok.findall(l)
        if not args: continue
        c=args[0].upper()
        if ' lua]' in l: inner[c]+=1
        else:
            if c=='EVALSHA': c='EVALSHA:'+args[1][:8]
            top[c]+=1
    return top, inner
old=windows(sys.argv[1]); new=windows(sys.argv[2]); N=dict(one=200,oneall=200,wf14=20,group11=20)
for s in ['one','oneall','wf14','group11']:
    to,io=summarize(old[s],None); tn,inn=summarize(new[s],None)
    print(f"== {s}: lines old {len(old[s])} new {len(new[s])}  per run old {len(old[s])/N[s]:.1f} new {len(new[s])/N[s]:.1f}")
    print("  top old:", dict(to.most_common()))
    print("  top new:", dict(tn.most_common()))
    keys=sorted(set(io)|set(inn), key=lambda k:-(inn[k]+io[k]))
    print("  inner per run (old→new):", ", ".join(f"{k} {io[k]/N[s]:.1f}→{inn[k]/N[s]:.1f}" for k in keys))

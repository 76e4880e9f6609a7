import sys,collections
d=collections.defaultdict(list); N=dict(one=200,oneall=200,wf14=280,group11=220)
for f in sys.argv[1:]:
  for l in open(f):
    p=l.split(); lab=p[0].rsplit('-',1)[0]; d[(lab,p[1])].append(int(p[2])/N[p[1]]/1000)
labs=sorted(set(k[0] for k in d))
for s in ['one','oneall','wf14','group11']:
    row=[]
    for lab in labs:
        v=d[(lab,s)]; row.append(f"{lab} {[round(x,1) for x in v]} mean {sum(v)/len(v):.1f}")
    base=d[(labs[0],s)] if 'old' not in labs else d[('old',s)]
    print(s, ' | '.join(row), ' | ratios', ' '.join(f"{lab}/old {(sum(d[(lab,s)])/len(d[(lab,s)]))/(sum(base)/len(base)):.3f}" for lab in labs if lab!='old'))

import sys,subprocess,re
def self_costs(f):
    out=subprocess.run(['callgrind_annotate','--auto=no','--threshold=100',f],capture_output=True,text=True).stdout
    d={}
    for line in out.splitlines():
        m=re.match(r'\s*([\d,]+) \([^)]*\)\s+(\S+)',line)
        if m:
            fn=m.group(2).split(':')[-1]
            d[fn]=d.get(fn,0)+int(m.group(1).replace(',',''))
    return d
a=self_costs(sys.argv[1]); b=self_costs(sys.argv[2]); div=float(sys.argv[3]) if len(sys.argv)>3 else 1
skip={'TOTALS','__libc_start_main@@GLIBC_2.34','(below main)','main','0x000000000001ab70'}
rows=[(b.get(k,0)-a.get(k,0),k) for k in set(a)|set(b) if k not in skip]
rows.sort(reverse=True)
print(f"{'function':32} {'old':>9} {'new':>9} {'delta':>9}  (per unit, /{div:g})")
for d,k in rows[:30]+rows[-8:]:
    print(f"{k[:32]:32} {a.get(k,0)/div:9.0f} {b.get(k,0)/div:9.0f} {d/div:9.0f}")

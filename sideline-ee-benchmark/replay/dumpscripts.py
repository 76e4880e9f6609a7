import sys,hashlib
import os
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mon2resp.py')).read().split("cap, outdir")[0])
for line in open(sys.argv[1],encoding='latin-1'):
    if '"SCRIPT" "LOAD"' in line.upper().replace('"SCRIPT" "LOAD"','"SCRIPT" "LOAD"'):
        a=parse(line.split('] ',1)[1].rstrip('\n'))
        if a[0].upper()==b'SCRIPT' and a[1].upper()==b'LOAD':
            sha=hashlib.sha1(a[2]).hexdigest()
            first=a[2].split(b'\n',1)[0][:60]
            open(f'{sys.argv[2]}/{sha[:8]}.lua','wb').write(a[2]); print(sha[:8], first)

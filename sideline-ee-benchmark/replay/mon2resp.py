#!/usr/bin/env python3
# mon2resp.py CAPTURE OUTDIR : writes OUTDIR/pre.resp (all before the first MARK) and OUTDIR/<shape>.resp (each window)
# top-level commands only; BLMOVE -> LMOVE (no blocking in a replay); MONITOR/ECHO marks dropped.
import sys, re, os
ESC={'\\':b'\\','"':b'"','n':b'\n','r':b'\r','t':b'\t','a':b'\a','b':b'\b'}
def parse(body):
    args=[]; i=0; n=len(body)
    while i<n:
        if body[i]!='"': i+=1; continue
        i+=1; buf=bytearray()
        while True:
            c=body[i]
            if c=='\\':
                d=body[i+1]
                if d=='x': buf.append(int(body[i+2:i+4],16)); i+=4
                else: buf+=ESC[d]; i+=2
            elif c=='"': i+=1; break
            else:
                buf+=c.encode('latin-1') if ord(c)<256 else c.encode(); i+=1
        args.append(bytes(buf))
    return args
def resp(args):
    out=[b'*%d\r\n'%len(args)]
    for a in args: out.append(b'$%d\r\n%s\r\n'%(len(a),a))
    return b''.join(out)
cap, outdir = sys.argv[1], sys.argv[2]
SPLIT=os.environ.get('SPLIT','')
HOT=[d for d in os.environ.get('HOT','').split(',') if d]
DROP=[d for d in os.environ.get('DROP','').split(',') if d]
os.makedirs(outdir, exist_ok=True)
cur=open(os.path.join(outdir,'pre.resp'),'wb'); counts={}
name='pre'
for line in open(cap, encoding='latin-1'):
    if ' lua]' in line or '] ' not in line: continue
    body=line.split('] ',1)[1].rstrip('\n')
    m=re.search(r'"ECHO" "MARK-(BEGIN|END)-(\w+)"', body)
    if m:
        cur.close()
        name = m.group(2) if m.group(1)=='BEGIN' else 'between'
        cur=open(os.path.join(outdir, name+'.resp'), 'ab' if name=='between' else 'wb'); continue
    args=parse(body)
    if not args: continue
    c=args[0].upper()
    if c in (b'MONITOR',b'CLIENT',b'HELLO',b'AUTH',b'ECHO',b'SELECT'): continue
    if c==b'EVALSHA' and any(args[1].startswith(d.encode()) for d in DROP): continue
    if HOT and name not in ('pre','between') and not (c in (b'BLMOVE',) or (c==b'EVALSHA' and any(args[1].startswith(d.encode()) for d in HOT))): continue
    if c==b'BLMOVE': args=[b'LMOVE']+args[1:5]
    if c==b'BRPOPLPUSH': args=[b'RPOPLPUSH']+args[1:3]
    if SPLIT and name not in ('pre','between'):
        tag='L' if (c==b'EVALSHA' and args[1].startswith(SPLIT.encode())) else 'R'
        fn=os.path.join(outdir,name+tag+'.resp'); open(fn,'ab').write(resp(args))
    cur.write(resp(args)); counts[name]=counts.get(name,0)+1
cur.close(); print(counts)

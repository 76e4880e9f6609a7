#!/usr/bin/env python3
# mon2resp.py CAPTURE OUTDIR : writes OUTDIR/pre.resp (all before the first MARK) and OUTDIR/<shape>.resp (each window)
# top-level commands only; BLMOVE -> LMOVE (no blocking in a replay); MONITOR/ECHO marks dropped.
# A BLMOVE that blocked is logged when it was sent, before the push that served it: replayed there, as an LMOVE of an
# empty queue, it would take nothing, and every completion of the job it took would be fenced (so did every replay
# before 2026-12-05 session 12). The lists' lengths are followed through every command, the scripts' own included
# ('[0 lua]' lines), and a fetch of an empty queue is written right after the command that gave that queue a job,
# in arrival order: as Redis serves a blocked client.
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
qlen={}; pending=[] # lengths of the lists as the capture's commands left them; fetches waiting for a job
def follow(args):
    c=args[0].upper()
    if c in (b'LPUSH',b'RPUSH') and len(args)>2: qlen[args[1]]=qlen.get(args[1],0)+len(args)-2
    elif c in (b'LPUSHX',b'RPUSHX') and qlen.get(args[1],0)>0: qlen[args[1]]+=len(args)-2
    elif c in (b'LMOVE',b'RPOPLPUSH') and len(args)>2:
        if qlen.get(args[1],0)>0: qlen[args[1]]-=1; qlen[args[2]]=qlen.get(args[2],0)+1
    elif c in (b'LPOP',b'RPOP') and len(args)>1:
        n=int(args[2]) if len(args)>2 else 1; qlen[args[1]]=max(0,qlen.get(args[1],0)-n)
    elif c==b'LREM' and len(args)>1 and qlen.get(args[1],0)>0: qlen[args[1]]-=1
    elif c in (b'DEL',b'UNLINK',b'FLUSHDB',b'FLUSHALL'):
        if c in (b'FLUSHDB',b'FLUSHALL'): qlen.clear()
        for k in args[1:]: qlen.pop(k,None)
def serve():
    # the fetches waiting on a list that has a job now, in arrival order
    global pending
    left=[]
    for src,fetch in pending:
        if qlen.get(src,0)>0:
            follow(fetch); write(fetch, b'LMOVE')
        else: left.append((src,fetch))
    pending=left
def write(args, c):
    if SPLIT and name not in ('pre','between'):
        tag='L' if (c==b'EVALSHA' and args[1].startswith(SPLIT.encode())) else 'R'
        fn=os.path.join(outdir,name+tag+'.resp'); open(fn,'ab').write(resp(args))
    cur.write(resp(args)); counts[name]=counts.get(name,0)+1
for line in open(cap, encoding='latin-1'):
    if '] ' not in line: continue
    body=line.split('] ',1)[1].rstrip('\n')
    if ' lua]' in line:
        a=parse(body)
        if a: follow(a)
        continue
    serve() # the previous command and its script's commands are done: Redis serves blocked fetches now
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
    if HOT and name not in ('pre','between') and not (c in (b'BLMOVE',b'BRPOPLPUSH') or (c==b'EVALSHA' and any(args[1].startswith(d.encode()) for d in HOT))):
        follow(args); continue # not replayed, but what it did to the lists happened
    if c in (b'BLMOVE',b'BRPOPLPUSH'):
        args=[b'LMOVE']+args[1:5] if c==b'BLMOVE' else [b'RPOPLPUSH']+args[1:3]
        if qlen.get(args[1],0)==0:
            pending.append((args[1],args)); continue # blocked: served after the command that pushes a job
    follow(args)
    write(args, c)
serve()
cur.close(); print(counts, 'fetches never served:', len(pending))

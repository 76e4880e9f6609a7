# variant.py SRC_RESPDIR DST_RESPDIR OLDSHA8=NEWSCRIPT.lua [...] : same commands, scripts swapped (same arguments)
import sys, os, hashlib, re
src, dst = sys.argv[1], sys.argv[2]
swaps = {}
for a in sys.argv[3:]:
    old, path = a.split('=', 1)
    text = open(path, 'rb').read()
    swaps[old] = (text, hashlib.sha1(text).hexdigest().encode())
os.makedirs(dst, exist_ok=True)
def parse_resp(data):
    i = 0; n = len(data)
    while i < n:
        assert data[i:i+1] == b'*', data[i:i+20]
        j = data.index(b'\r\n', i); cnt = int(data[i+1:j]); i = j + 2; args = []
        for _ in range(cnt):
            j = data.index(b'\r\n', i); ln = int(data[i+1:j]); i = j + 2
            args.append(data[i:i+ln]); i += ln + 2
        yield args
def resp(args):
    return b''.join([b'*%d\r\n' % len(args)] + [b'$%d\r\n%s\r\n' % (len(a), a) for a in args])
for f in os.listdir(src):
    out = []
    for args in parse_resp(open(os.path.join(src, f), 'rb').read()):
        if args[0].upper() == b'SCRIPT' and args[1].upper() == b'LOAD':
            sha = hashlib.sha1(args[2]).hexdigest()[:8]
            if sha in swaps: args = [args[0], args[1], swaps[sha][0]]
        elif args[0].upper() == b'EVALSHA':
            sha = args[1][:8].decode()
            if sha in swaps: args = [args[0], swaps[sha][1]] + args[2:]
        out.append(resp(args))
    open(os.path.join(dst, f), 'wb').write(b''.join(out))
print('swapped', list(swaps))

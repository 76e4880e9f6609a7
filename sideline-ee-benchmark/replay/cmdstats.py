# cmdstats.py CHECKOUT : patches the checkout's BenchmarkIT (working tree only: `git checkout --` undoes it) so that each
# measured scenario prints one line "CMDSTATS rep=.. steps=.. wall=.. cmd=calls/usec ..." of INFO commandstats deltas
# (an EVALSHA's usec includes the commands it ran, which are counted under their own names too)
import sys
p = sys.argv[1] + '/sideline-ee-benchmark/src/test/java/io/sideline/benchmark/it/BenchmarkIT.java'
s = open(p).read()
if 'CMDSTATS' in s:
    sys.exit(0)
a = ("        RedisCost.Snapshot before = RedisCost.snapshot(redis);\n        long wallStart = System.currentTimeMillis();\n"
     "        JsonObject figures = scenario.get();\n")
assert a in s, 'measured() not found'
s = s.replace(a, "        java.util.Map<String, long[]> cs0 = cmdstats(redis);\n" + a
              + "        java.util.Map<String, long[]> cs1 = cmdstats(redis);\n"
              + "        StringBuilder sb = new StringBuilder(\"CMDSTATS rep=\" + rep + \" steps=\" + steps + \" wall=\" + (System.currentTimeMillis() - wallStart));\n"
              + "        cs1.forEach((k, v) -> { long[] o = cs0.getOrDefault(k, new long[2]); if (v[0] > o[0]) sb.append(' ').append(k).append('=').append(v[0] - o[0]).append('/').append(v[1] - o[1]); });\n"
              + "        System.out.println(sb);\n", 1)
helper = '''
    private static java.util.Map<String, long[]> cmdstats(PrivateRedis redis) {
        java.util.Map<String, long[]> m = new java.util.TreeMap<>();
        try (redis.clients.jedis.Jedis j = redis.connect()) {
            for (String line : j.info("commandstats").split("\\\\r?\\\\n")) {
                if (!line.startsWith("cmdstat_")) continue;
                String name = line.substring(8, line.indexOf(':'));
                long calls = 0, usec = 0;
                for (String kv : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (kv.startsWith("calls=")) calls = Long.parseLong(kv.substring(6));
                    if (kv.startsWith("usec=")) usec = Long.parseLong(kv.substring(5));
                }
                m.put(name, new long[]{calls, usec});
            }
        }
        return m;
    }
'''
i = s.rindex('}')
open(p, 'w').write(s[:i] + helper + s[i:])

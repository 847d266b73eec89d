using System.Text.RegularExpressions;
using Meeting.Kit.Tests.Infrastructure;
using Meeting.Redis;
using Meeting.Testing.Redis;

namespace Meeting.Kit.Tests;

/// <summary>sites/gra and sites/sbg: the per-site files a real host deploys, and the configuration `kit render`
/// makes of them, checked against the real redis-server and redis-sentinel.</summary>
public sealed partial class SiteFilesTests
{
    private static readonly string[] Sites = ["gra", "sbg"];

    private static readonly string[] SharedKeys =
    [
        "REDIS_PORT", "SENTINEL_PORT", "REDIS_MASTER_NAME", "REDIS_INITIAL_MASTER",
        "REDIS_SENTINEL_GRA", "REDIS_SENTINEL_SBG", "REDIS_SENTINEL_WITNESS", "REDIS_PASSWORD_FILE",
        "SITE_FRONT_PROXY_IP", "SITE_PUBLIC_ORIGIN",
    ];

    [Fact]
    public void SiteEnvFiles_ParseAlikeForSystemdAndTheKit_AndAgreeOnTheSharedSentinelDeployment()
    {
        var gra = SiteEnv.Load("gra");
        var sbg = SiteEnv.Load("sbg");

        Assert.Equal("gra", gra["SITE_NAME"]);
        Assert.Equal("sbg", sbg["SITE_NAME"]);
        foreach (var key in SharedKeys)
        {
            Assert.True(gra[key] == sbg[key], $"the sites disagree on {key}: {gra[key]} / {sbg[key]}");
        }

        Assert.Equal($"{gra["SENTINEL_ANNOUNCE_IP"]}:{gra["SENTINEL_PORT"]}", gra["REDIS_SENTINEL_GRA"]);
        Assert.Equal($"{sbg["SENTINEL_ANNOUNCE_IP"]}:{sbg["SENTINEL_PORT"]}", gra["REDIS_SENTINEL_SBG"]);
        Assert.Equal($"{gra["REDIS_ANNOUNCE_IP"]}:{gra["REDIS_PORT"]}", gra["REDIS_INITIAL_MASTER"]);
        Assert.Equal(("master", "replica"), (gra["REDIS_INITIAL_ROLE"], sbg["REDIS_INITIAL_ROLE"]));
        Assert.NotEqual(gra["SITE_PUBLIC_IP"], sbg["SITE_PUBLIC_IP"]);
        Assert.NotEqual(gra["SITE_HTTP_BIND"], sbg["SITE_HTTP_BIND"]);
        Assert.NotEqual(gra["SITE_MEDIA_UDP_PORT"], sbg["SITE_MEDIA_UDP_PORT"]);
        Assert.Equal(gra["SITE_PUBLIC_IP"], gra["SITE_MEDIA_UDP_BIND"]);
    }

    [Fact]
    public void SiteEnvFiles_AllowOnlyTheFrontDoorsOrigin_AndTrustOnlyCaddysForwardedHeaders()
    {
        var unit = SystemdUnit.Load(RepositoryPaths.Site("gra", "systemd", "meeting-server.service")).Single("ExecStart");
        Assert.Contains("--Meeting:Security:AllowedOrigins:0=\"$$SITE_PUBLIC_ORIGIN\"", unit, StringComparison.Ordinal);
        Assert.Contains("--Meeting:Proxy:KnownProxies:0=\"$$SITE_FRONT_PROXY_IP\"", unit, StringComparison.Ordinal);

        // The kit's values: Caddy on 127.0.0.1 (caddy/Caddyfile.local binds there), its front door the origin.
        var caddy = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "caddy", "Caddyfile.local"));
        foreach (var site in Sites)
        {
            var env = SiteEnv.Load(site);
            Assert.Equal(KitScript.FrontUrl.GetLeftPart(UriPartial.Authority), env["SITE_PUBLIC_ORIGIN"]);
            Assert.Equal("127.0.0.1", env["SITE_FRONT_PROXY_IP"]);
            Assert.Contains($"bind {env["SITE_FRONT_PROXY_IP"]}", caddy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SiteEnvFiles_ReferenceTheRedisSecret_AndNeverHoldIt()
    {
        foreach (var site in Sites)
        {
            var env = SiteEnv.Load(site);
            var secrets = env.Values.Where(pair => pair.Key.Contains("PASSWORD", StringComparison.Ordinal) || pair.Key.Contains("SECRET", StringComparison.Ordinal));
            var only = Assert.Single(secrets);
            Assert.Equal("REDIS_PASSWORD_FILE", only.Key);
            Assert.Matches("^[A-Za-z0-9_./-]+$", only.Value);
            Assert.Contains('/', only.Value);
        }
    }

    [Fact]
    public void SystemdUnits_DifferBetweenTheSites_OnlyInTheSitesName()
    {
        var graUnits = Directory.EnumerateFiles(RepositoryPaths.Site("gra", "systemd"), "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Site("gra", "systemd"), path)).Order().ToArray();
        var sbgUnits = Directory.EnumerateFiles(RepositoryPaths.Site("sbg", "systemd"), "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Site("sbg", "systemd"), path)).Order().ToArray();
        Assert.Equal(graUnits, sbgUnits);
        Assert.Contains("meeting-server.service", graUnits);

        foreach (var unit in graUnits)
        {
            var gra = SiteNeutral(File.ReadAllText(RepositoryPaths.Site("gra", "systemd", unit)));
            var sbg = SiteNeutral(File.ReadAllText(RepositoryPaths.Site("sbg", "systemd", unit)));
            Assert.True(gra == sbg, $"{unit} differs between the sites in more than the site's name");
        }
    }

    [Fact]
    public void MeetingServerUnit_ReadsSiteEnv_DrainsOnSigterm_RestartsOnFailure_AndIsHardened()
    {
        var unit = SystemdUnit.Load(RepositoryPaths.Site("gra", "systemd", "meeting-server.service"));

        Assert.Equal("/etc/meeting/site.env", unit.Single("EnvironmentFile"));
        Assert.Equal("SIGTERM", unit.Single("KillSignal"));
        Assert.Equal("on-failure", unit.Single("Restart"));
        // Well past the drain (about 12 s, README "Graceful drain"), so systemd never cuts a drain short.
        Assert.True(int.Parse(unit.Single("TimeoutStopSec").TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture) > 30);
        Assert.StartsWith("redis-password:", unit.Single("LoadCredential"), StringComparison.Ordinal);
        foreach (var (key, value) in new[]
        {
            ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"),
            ("DynamicUser", "yes"), ("RestrictSUIDSGID", "yes"), ("CapabilityBoundingSet", string.Empty),
        })
        {
            Assert.True(unit.Single(key) == value, $"{key} should be '{value}'");
        }

        // Every variable the unit passes to the server is one site.env defines.
        var env = SiteEnv.Load("gra");
        foreach (Match used in SiteVariable().Matches(unit.Single("ExecStart")))
        {
            var name = used.Groups[1].Value;
            Assert.True(env.Values.ContainsKey(name) || name is "CREDENTIALS_DIRECTORY" or "password", $"the unit uses ${name}, which site.env does not define");
        }
    }

    [Fact]
    public async Task KitRender_WritesConfiguration_ThatRedisAndSentinelStartWith()
    {
        var work = Directory.CreateTempSubdirectory("meeting-render-");
        try
        {
            // SBG's site.env on addresses of its own, so nothing here can reach the kit's topology.
            var password = "render-" + Guid.NewGuid().ToString("N");
            var secret = Path.Combine(work.FullName, "redis-password");
            await File.WriteAllTextAsync(secret, password);
            var siteEnv = Path.Combine(work.FullName, "site.env");
            var text = (await File.ReadAllTextAsync(RepositoryPaths.Site("sbg", "site.env"))).Replace("127.0.0.", "127.0.6.", StringComparison.Ordinal);
            text = Regex.Replace(text, "^REDIS_PASSWORD_FILE=.*$", "REDIS_PASSWORD_FILE=" + secret, RegexOptions.Multiline);
            await File.WriteAllTextAsync(siteEnv, text);
            var output = Path.Combine(work.FullName, "etc");
            var data = Path.Combine(work.FullName, "data");
            Directory.CreateDirectory(data);

            var render = await new KitScript().RunAsync(TimeSpan.FromSeconds(30), "render", siteEnv, output, "--data-dir", data);
            Assert.True(render.ExitCode == 0, render.ToString());
            Assert.DoesNotContain(password, render.Output, StringComparison.Ordinal);

            var redisConf = Path.Combine(output, "meeting-redis.conf");
            var sentinelConf = Path.Combine(output, "meeting-sentinel.conf");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(redisConf));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sentinelConf));
            var redisLines = await File.ReadAllLinesAsync(redisConf);
            Assert.Contains("bind 127.0.6.3", redisLines);
            Assert.Contains("replica-announce-ip 127.0.6.3", redisLines);
            Assert.Contains("replicaof 127.0.6.2 6379", redisLines);
            var sentinelLines = await File.ReadAllLinesAsync(sentinelConf);
            Assert.Contains("sentinel announce-ip 127.0.6.3", sentinelLines);
            Assert.Contains("sentinel monitor meeting 127.0.6.2 6379 2", sentinelLines);

            // The real programs accept the files (run on a free port of 127.0.0.1 instead of the site's).
            using var redis = await RedisProcess.StartAsync(RedisExecutables.Find("redis-server"), work.FullName, "site-redis",
                port => File.ReadAllText(redisConf) + $"\nport {port}\nbind 127.0.0.1\n");
            var announce = await RedisProbe.QueryAsync(redis.Address, password, new RedisCommand("CONFIG", "GET", "replica-announce-ip"));
            Assert.Equal("127.0.6.3", announce[1].AsString());

            using var sentinel = await RedisProcess.StartAsync(RedisExecutables.Find("redis-sentinel"), work.FullName, "site-sentinel",
                port => File.ReadAllText(sentinelConf) + $"\nport {port}\nbind 127.0.0.1\n");
            var master = await RedisProbe.QueryAsync(sentinel.Address, password, new RedisCommand("SENTINEL", "get-master-addr-by-name", "meeting"));
            Assert.Equal("127.0.6.2", master[0].AsString());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task KitRender_ForTheWitness_WritesOnlyASentinelOnTheWitnessAddress()
    {
        var work = Directory.CreateTempSubdirectory("meeting-render-");
        try
        {
            var secret = Path.Combine(work.FullName, "redis-password");
            await File.WriteAllTextAsync(secret, "witness-secret");
            var siteEnv = Path.Combine(work.FullName, "site.env");
            var text = await File.ReadAllTextAsync(RepositoryPaths.Site("gra", "site.env"));
            await File.WriteAllTextAsync(siteEnv, Regex.Replace(text, "^REDIS_PASSWORD_FILE=.*$", "REDIS_PASSWORD_FILE=" + secret, RegexOptions.Multiline));
            var output = Path.Combine(work.FullName, "etc");

            var render = await new KitScript().RunAsync(TimeSpan.FromSeconds(30), "render", "--witness", siteEnv, output);
            Assert.True(render.ExitCode == 0, render.ToString());

            Assert.Equal(["meeting-sentinel.conf"], Directory.EnumerateFiles(output).Select(f => Path.GetFileName(f)).ToArray());
            var witness = SiteEnv.Load("gra")["REDIS_SENTINEL_WITNESS"].Split(':')[0];
            var lines = await File.ReadAllLinesAsync(Path.Combine(output, "meeting-sentinel.conf"));
            Assert.Contains($"bind {witness}", lines);
            Assert.Contains($"sentinel announce-ip {witness}", lines);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string SiteNeutral(string text)
        => text.Replace("GRA", "SITE", StringComparison.Ordinal).Replace("SBG", "SITE", StringComparison.Ordinal)
            .Replace("gra", "site", StringComparison.Ordinal).Replace("sbg", "site", StringComparison.Ordinal);

    [GeneratedRegex(@"\$\$\{?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex SiteVariable();
}

using System.Text.RegularExpressions;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MakCrm.TelegramBot.Tests;

/// <summary>The bot's <c>/metrics</c> on its metrics port: a real scrape after a conversation, checked by promtool.</summary>
public sealed class BotMetricsTests(BotApiFixture server) : BotTest(server)
{
    private const long UserId = 5_213_344_901;

    [Fact]
    public async Task A_handled_message_is_measured_and_the_scrape_passes_promtool()
    {
        var options = Options();
        options.MetricsPort = 0;
        options.MetricsAddress = "127.0.0.1";
        var bot = await StartBotAsync(options);
        var metrics = bot.Services.GetServices<IHostedService>().OfType<BotMetrics.Server>().Single().Address!;

        Telegram.SendText(UserId, "/start");
        await Telegram.WaitForTextAsync(UserId, "Здравствуйте");

        using var http = new HttpClient();
        var scrape = await http.GetStringAsync(new Uri(metrics, "/metrics"));
        var (exitCode, output) = await Promtool.RunAsync(scrape, "check", "metrics");
        exitCode.Should().Be(0, output);
        Regex.IsMatch(scrape, @"(?m)^mak_bot_update_lag_seconds_count\{[^}]*\} [1-9]").Should().BeTrue(scrape);
        Regex.IsMatch(scrape, @"(?m)^mak_bot_updates_total\{[^}]*kind=""message"",outcome=""handled""\} [1-9]").Should().BeTrue(scrape);
        scrape.Should().Contain("dotnet_process_cpu_time_seconds_total");
    }
}

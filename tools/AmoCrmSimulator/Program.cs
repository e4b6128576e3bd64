using System.Globalization;
using System.Runtime.InteropServices;
using MakCrm.AmoCrmSimulator;

// `./mak amocrm-sim`: amoCRM's API v4 on 127.0.0.1 with a seeded head-office account, until Ctrl+C.
var port = int.Parse(
    Argument("--port") ?? Environment.GetEnvironmentVariable("MAK_AMOCRM_SIMULATOR_PORT") ?? "5098",
    CultureInfo.InvariantCulture
);
var leads = int.Parse(Argument("--leads") ?? "3000", CultureInfo.InvariantCulture);
var rate = int.Parse(Argument("--rate") ?? "7", CultureInfo.InvariantCulture);
var options = new AmoSimulatorOptions
{
    Leads = leads,
    RatePerSecond = rate,
    RedirectUri = Argument("--redirect-uri"),
};
await using var amo = await new FakeAmoCrm(options).StartAsync(port);

// Webhooks as amoCRM at times sends them: late, or twice.
amo.Webhooks.Delay = TimeSpan.FromMilliseconds(
    int.Parse(Argument("--webhook-delay-ms") ?? "0", CultureInfo.InvariantCulture)
);
amo.Webhooks.Duplicate = args.Contains("--duplicate-webhooks");
var tokenFile = Argument("--token-file");
if (tokenFile is not null)
{
    await File.WriteAllTextAsync(tokenFile, amo.LongLivedToken);
}

Console.WriteLine($"amoCRM simulator on {amo.BaseAddress} (account {AmoSeed.AccountId}, subdomain makhq)");
Console.WriteLine(
    $"  {amo.Account.Count("leads")} leads, {amo.Account.Count("contacts")} contacts, "
        + $"{amo.Account.Count("companies")} companies, {amo.Account.Users.Count} users; {rate} requests/s"
);
Console.WriteLine($"  OAuth client id {options.ClientId}, secret {options.ClientSecret}");
Console.WriteLine($"  Long-lived token{(tokenFile is null ? "" : $" (also in {tokenFile})")}:");
Console.WriteLine(amo.LongLivedToken);
var stop = new TaskCompletionSource();

// Ctrl+C and SIGTERM end it the same way: the listener is stopped before the process exits.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

string? Argument(string name) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

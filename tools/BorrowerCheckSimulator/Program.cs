using System.Globalization;
using System.Runtime.InteropServices;
using MakCrm.BorrowerCheckSimulator;

// ФНС's self-employed status and ФССП's enforcement proceedings on 127.0.0.1, until Ctrl+C.
var port = int.Parse(
    Environment.GetEnvironmentVariable("MAK_CHECKS_SIMULATOR_PORT") ?? (args.Length > 0 ? args[0] : "5099"),
    CultureInfo.InvariantCulture
);
await using var providers = await new FakeCheckProviders().StartAsync(port);
providers.SelfEmployed["500100732259"] = true;
providers.Debtors["ДОЛЖНИКОВ"] = "12345/24/77001-ИП от 01.03.2024";
providers.Parties.Add(new FakeParty("ООО \"РОМАШКА\"", "7707083893", "1027700132195"));
providers.Parties.Add(new FakeParty("ООО \"ЗАКРЫТО\"", "7736050003", "1027700070518", "LIQUIDATED"));
Console.WriteLine($"ФНС (НПД) on {providers.BaseAddress}; 500100732259 is self-employed");
Console.WriteLine($"ФССП on {providers.FsspAddress} (token {providers.FsspToken})");
Console.WriteLine("The surname Должников has a debt");
Console.WriteLine($"DaData findById/party on {providers.DadataAddress} (key {providers.DadataToken});");
Console.WriteLine("ОГРН 1027700132195 is active, 1027700070518 is liquidated");
var stop = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

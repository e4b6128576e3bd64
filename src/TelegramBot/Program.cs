using MakCrm.TelegramBot;
using Microsoft.AspNetCore.Connections;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
await using var app = BotHost.Build(BotOptions.From(configuration), args);
try
{
    await app.StartAsync();
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    // Another process holds the port (often another bot). The workers start before the server, so they are stopped
    // (a lease taken is given back) and the bot exits with an error instead of polling on.
    await app.StopAsync();
    await Console.Error.WriteLineAsync($"The bot cannot listen: {ex.Message}");
    return 1;
}

await app.WaitForShutdownAsync();
return 0;

using MakCrm.TelegramBot;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var app = BotHost.Build(BotOptions.From(configuration), args);
await app.RunAsync();

using System.Globalization;
using MakCrm.TelegramSimulator;

// The terminal chat of `./mak bot`: a local Bot API on 127.0.0.1 for the bot, and one Telegram user typing here.
// Each line is a message to the bot; the bot's buttons are shown numbered, and typing a number presses one.
var port = int.Parse(Argument("--port") ?? Environment.GetEnvironmentVariable("MAK_TELEGRAM_SIMULATOR_PORT") ?? "5099", CultureInfo.InvariantCulture);
var token = Argument("--token") ?? "100000:simulator-token";
var userId = long.Parse(Argument("--user-id") ?? "100001", CultureInfo.InvariantCulture);

await using var api = await new FakeBotApi(token).StartAsync(port);
var gate = new object();
SentMessage? last = null;
api.MessageSent += message =>
{
    if (message.ChatId != userId)
    {
        return;
    }

    lock (gate)
    {
        last = message;
        Console.WriteLine();
        Console.WriteLine((message.Edited ? "бот (изменено): " : "бот: ") + message.Text);
        var number = 1;
        foreach (var row in message.Buttons)
        {
            Console.WriteLine("   " + string.Join("   ", row.Select(b => $"[{number++}] {b.Text}" + (b.Url is null ? "" : $" → {b.Url}"))));
        }

        Console.Write("> ");
    }
};

Console.WriteLine($"Telegram Bot API simulator on {api.BaseAddress} (token {token}); you are Telegram user {userId}.");
Console.WriteLine("Type a message (/start, /start <code> to link, /menu), or a button's number. Ctrl+D ends.");
Console.Write("> ");
while (Console.ReadLine() is { } line)
{
    line = line.Trim();
    if (line.Length == 0)
    {
        Console.Write("> ");
        continue;
    }

    SentMessage? shown;
    lock (gate)
    {
        shown = last;
    }

    var buttons = shown?.Buttons.SelectMany(row => row).ToList() ?? [];
    if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var choice) && choice >= 1 && choice <= buttons.Count && buttons[choice - 1].CallbackData is { } data)
    {
        api.Press(userId, shown!, data);
    }
    else
    {
        api.SendText(userId, line, "Вы");
    }
}

string? Argument(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

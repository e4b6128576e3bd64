using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MakCrm.Testing;

namespace MakCrm.TelegramBot.Tests;

/// <summary>
/// <c>./mak bot</c> itself, as a developer runs it without a Telegram token: the bot in the background and the Bot API
/// simulator's chat in the foreground. However the chat ends — Ctrl+D, Ctrl+C, the terminal closing, a kill — no
/// process of it is left (a bot left behind would hold its port and the polling lease, and talk to the next
/// simulator); and a bot that cannot listen on its port ends the command with an error instead of polling on.
/// Runs the binaries the test run has built (<c>MAK_SKIP_BUILD</c>), on a database of its own, with no API.
/// </summary>
public sealed class MakBotCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    // ./mak bot gives the simulator and the bot 15 s each to stop before it kills them; on a machine busy with the rest
    // of the run the shell itself is slow too, so the test allows that worst case with a margin of its own.
    private static readonly TimeSpan EndTimeout = TimeSpan.FromSeconds(75);

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateEmptyAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public enum Ending
    {
        CtrlD,
        CtrlC,
        TerminalClosed,
        Killed,
    }

    [Theory]
    [InlineData(Ending.CtrlD)]
    [InlineData(Ending.CtrlC)]
    [InlineData(Ending.TerminalClosed)]
    [InlineData(Ending.Killed)]
    public async Task The_command_leaves_no_process_behind_however_the_chat_ends(Ending ending)
    {
        var (mak, botPort) = await StartedAsync();
        using var started = mak;
        var children = Descendants(mak.Id);
        children
            .Select(CommandLine)
            .Should()
            .Contain(c => c.Contains("MakCrm.TelegramBot.dll", StringComparison.Ordinal))
            .And.Contain(c => c.Contains("MakCrm.TelegramSimulator.dll", StringComparison.Ordinal));
        Listening(botPort).Should().BeTrue("the bot listens on its port while the chat runs");

        switch (ending)
        {
            case Ending.CtrlD:
                mak.CloseInput();
                break;
            case Ending.CtrlC:
                Signal("INT", -mak.Id); // the terminal sends it to the whole foreground process group
                break;
            case Ending.TerminalClosed:
                Signal("HUP", -mak.Id);
                break;
            case Ending.Killed:
                Signal("TERM", mak.Id); // to the script alone
                break;
        }

        (await mak.WaitForExitAsync(EndTimeout))
            .Should()
            .BeTrue($"./mak bot ends after {ending}:\n{mak.Output}\nstill running:\n{mak.Running()}");
        children.Where(Alive).Select(CommandLine).Should().BeEmpty($"nothing of ./mak bot outlives it ({ending})");
        Listening(botPort).Should().BeFalse("the bot's port is free again");
    }

    [Fact]
    public async Task A_bot_that_cannot_listen_on_its_port_ends_the_command_with_an_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var mak = MakBot.Start(_database.ConnectionString, port);

        (await mak.WaitForExitAsync(StartTimeout)).Should().BeTrue($"the command gives up:\n{mak.Output}");
        mak.ExitCode.Should().NotBe(0);
        mak.Output.Should()
            .Contain("the bot stopped before it listened")
            .And.Contain("address already in use")
            .And.NotContain("Ctrl+D ends", "no chat starts without a bot");
        Descendants(mak.Id).Should().BeEmpty();
    }

    /// <summary>A running <c>./mak bot</c> in a session of its own (so a signal can go to its whole process
    /// group).</summary>
    private sealed class MakBot : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private MakBot(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        public int ExitCode => _process.ExitCode;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static MakBot Start(string database, int botPort)
        {
            var root = Repository.Root();
            // As from a terminal, which leaves Ctrl+C's SIGINT and a closed terminal's SIGHUP to the command at their
            // defaults, whatever the test run's own disposition of them (bash cannot trap a signal it began with
            // ignored: a test run started with nohup ignores SIGHUP).
            var command = new[] { "env", "--default-signal=INT,QUIT,HUP", "bash", Path.Combine(root, "mak"), "bot" };
            var start = new ProcessStartInfo("setsid", command)
            {
                WorkingDirectory = root,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment.Remove("MAK_TELEGRAM_BOT_TOKEN");
            start.Environment["MAK_SKIP_BUILD"] = "true";
            start.Environment["MAK_DB"] = database;
            start.Environment["MAK_BOT_SCHEMA"] = $"makbot_{Guid.NewGuid():N}"[..20];
            start.Environment["MAK_API_URL"] = $"http://127.0.0.1:{FreePort()}";
            start.Environment["MAK_BOT_URLS"] = $"http://127.0.0.1:{botPort}";
            start.Environment["MAK_TELEGRAM_SIMULATOR_PORT"] = FreePort().ToString(CultureInfo.InvariantCulture);
            return new MakBot(Process.Start(start)!);
        }

        public async Task WaitForOutputAsync(string text, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || cancel.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"./mak bot did not print \"{text}\":\n{Output}");
                }

                await Task.Delay(200, CancellationToken.None);
            }
        }

        public void CloseInput() => _process.StandardInput.Close();

        /// <summary>
        /// Whether the script itself ended in time. Polled rather than awaited with <c>WaitForExitAsync</c>, which
        /// also waits for the end of its output, held open by any descendant that inherited it: a descendant left
        /// behind is the next assertion's to name, not a timeout here.
        /// </summary>
        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!_process.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, CancellationToken.None);
            }

            return _process.HasExited;
        }

        /// <summary>What is still running below the script, for a failure's message.</summary>
        public string Running() =>
            string.Join("\n", Descendants(_process.Id).Where(Alive).Select(pid => $"{pid}: {CommandLine(pid)}"));

        public void Dispose()
        {
            // A failed test still leaves nothing running: the whole session goes.
            foreach (var pid in Descendants(_process.Id))
            {
                Signal("KILL", pid);
            }

            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }

    /// <summary>Every living process below <paramref name="pid"/>, read from /proc.</summary>
    private static List<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var child) && ParentOf(child) is { } parent)
            {
                parents[child] = parent;
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var current))
        {
            foreach (var (child, parent) in parents)
            {
                if (parent == current)
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return found;
    }

    // The fourth field of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // it ended meanwhile
        }
    }

    // A process that has exited but not been reaped yet (a zombie) no longer runs.
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')')..].Split(' ')[1] != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return $"{pid}: {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')}";
        }
        catch (IOException)
        {
            return $"{pid}: (ended)";
        }
    }

    private static void Signal(string signal, int target)
    {
        using var kill = Process.Start("kill", [$"-{signal}", "--", target.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>
    /// A started chat on a free port. A port found free may be taken by another process before the bot binds it (the
    /// machine runs other suites beside this one): the bot then says so and stops, and the chat is started again on
    /// another port.
    /// </summary>
    private async Task<(MakBot Mak, int Port)> StartedAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var mak = MakBot.Start(_database.ConnectionString, port);
            try
            {
                await mak.WaitForOutputAsync("Ctrl+D ends", StartTimeout);
                return (mak, port);
            }
            catch (InvalidOperationException e)
                when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                mak.Dispose();
            }
        }
    }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

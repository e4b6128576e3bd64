using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Documents.Generation;

/// <summary>Settings of the PDF renderer (<c>Mak:Documents:WeasyPrint</c>).</summary>
public sealed class WeasyPrintOptions
{
    public const string Section = "Mak:Documents:WeasyPrint";

    /// <summary>The <c>weasyprint</c> program: a name looked up on <c>PATH</c> (Debian's package installs
    /// <c>/usr/bin/weasyprint</c>) or a path.</summary>
    public string Path { get; set; } = "weasyprint";

    /// <summary>How long one rendering may take before the process is killed and the rendering fails.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The directory of the shipped fonts, which the templates' <c>@font-face</c> rules name relatively; by
    /// default the one next to the application.</summary>
    public string? FontsDirectory { get; set; }

    public string FontsDirectoryOrDefault() =>
        string.IsNullOrWhiteSpace(FontsDirectory)
            ? System.IO.Path.Combine(AppContext.BaseDirectory, "Documents", "Fonts")
            : FontsDirectory;
}

/// <summary>
/// Renders HTML to PDF by running WeasyPrint as a separate process: the HTML goes in on standard input, the PDF comes
/// out on standard output, with the font directory as the base URL so the shipped fonts are used whatever the machine
/// has installed. A program that cannot be started, a non-zero exit (its standard error in the message), an output that
/// is not a PDF, or a run over the timeout is an error; a run over the timeout or a cancelled request kills the
/// process.
/// </summary>
[Singleton]
public sealed class WeasyPrintPdfRenderer(IOptions<WeasyPrintOptions> options, ILogger<WeasyPrintPdfRenderer> logger)
    : IPdfRenderer
{
    private const int MaxErrorLength = 1000;

    public async Task<Result<byte[]>> RenderAsync(string html, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var start = new ProcessStartInfo(settings.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (
            var argument in new[]
            {
                "--encoding",
                "utf-8",
                "--base-url",
                new Uri(settings.FontsDirectoryOrDefault() + "/").AbsoluteUri,
                "-",
                "-",
            }
        )
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("The process did not start.");
        }
        catch (Win32Exception exception)
        {
            return Failed($"The PDF renderer '{settings.Path}' could not be started: {exception.Message}");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            var pdf = new MemoryStream();
            var output = process.StandardOutput.BaseStream.CopyToAsync(pdf, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            var input = WriteInputAsync(process, html, timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                await Task.WhenAll(output, errors, input);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                return Failed(
                    $"The PDF renderer did not finish within {settings.Timeout.TotalSeconds:0.#} s and was stopped."
                );
            }

            if (process.ExitCode != 0)
            {
                var message = (await errors).Trim();
                return Failed(
                    $"The PDF renderer failed (exit code {process.ExitCode}): "
                        + $"{(message.Length > MaxErrorLength ? message[^MaxErrorLength..] : message)}"
                );
            }

            var bytes = pdf.ToArray();
            return bytes.AsSpan().StartsWith("%PDF-"u8) ? bytes : Failed("The PDF renderer's output is not a PDF.");
        }
    }

    /// <summary>Writes the HTML and closes standard input; a process that exits without reading it is reported by its
    /// exit code instead.</summary>
    private static async Task WriteInputAsync(Process process, string html, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(html), cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException) { }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited meanwhile.
        }
    }

    private Error Failed(string message)
    {
        logger.LogError("Rendering a PDF failed: {Message}", message);
        return new Error(ErrorCodes.DocumentRenderingFailed, message, ErrorKind.Unavailable);
    }
}

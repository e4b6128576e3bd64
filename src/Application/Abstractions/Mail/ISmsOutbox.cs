namespace MakCrm.Application.Abstractions.Mail;

/// <summary>
/// Sends an SMS from inside a command, through the same outbox as mail: written by the command's own unit of work, so
/// it is sent exactly when the change that caused it commits (never for a rolled-back change, never twice), by the
/// outbox's worker, which retries until the SMS provider takes it.
/// </summary>
public interface ISmsOutbox
{
    void Add(SmsDraft draft);
}

/// <summary>
/// An SMS to write: one phone number in E.164 (<c>+79991234567</c>), a template (by name, rendered in Russian as plain
/// text) and the values it fills in, plain data as for a <see cref="MailDraft"/>.
/// </summary>
public sealed record SmsDraft(string To, string Template, IReadOnlyDictionary<string, object?> Values);

namespace MakCrm.Application.Abstractions.Mail;

/// <summary>
/// Sends an e-mail from inside a command: the mail is written by the command's own unit of work, so it is sent exactly
/// when the change that caused it commits (never for a rolled-back change, never twice), by a background worker that
/// retries until the mail server takes it.
/// </summary>
public interface IMailOutbox
{
    void Add(MailDraft draft);
}

/// <summary>
/// A mail to write: one recipient, a template (by name, rendered in Russian as plain text and HTML) and the values it
/// fills in. The values are serialized with the mail, so they must be plain data (strings, numbers, times, nested
/// records).
/// </summary>
public sealed record MailDraft(string To, string Template, IReadOnlyDictionary<string, object?> Values);

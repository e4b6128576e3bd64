namespace MakCrm.Infrastructure.Mail;

/// <summary>
/// A row of <c>mail_outbox</c>: a message that a command wrote with its change — an e-mail, or an SMS
/// (<see cref="Channel"/>) — waiting to be sent (<c>pending</c>), sent (<c>sent</c>) or given up after its
/// attempts (<c>failed</c>). A sender claims it with a lease; the values it is rendered from are cleared once it is
/// sent or given up, since they may hold a one-time link or code.
/// </summary>
public sealed class OutboxMail
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";

    public const string Email = "email";
    public const string Sms = "sms";

    public Guid Id { get; set; }

    /// <summary><c>email</c>, or <c>sms</c> (then <see cref="ToAddress"/> is a phone number in E.164).</summary>
    public string Channel { get; set; } = Email;

    public string ToAddress { get; set; } = "";

    public string Template { get; set; } = "";

    /// <summary>The template's values, as a JSON object.</summary>
    public string Values { get; set; } = "{}";

    public string Status { get; set; } = Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}

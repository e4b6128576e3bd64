using System.Text.Json;
using System.Text.Json.Serialization;

namespace MakCrm.TelegramBot.WhatsApp;

// The WhatsApp Cloud API's objects the bot reads and writes, as the API names them (snake_case through WhatsAppJson).
// Unknown fields are ignored: Meta adds fields in every Graph API version.

// ---- webhook deliveries: POST to the bot's callback URL, {"object":"whatsapp_business_account","entry":[…]} ----

public sealed record WaWebhook(string? Object = null, IReadOnlyList<WaEntry>? Entry = null);

public sealed record WaEntry(string? Id = null, IReadOnlyList<WaChange>? Changes = null);

/// <summary>One change of a delivery; the bot reads <c>field: messages</c> (users' messages and the statuses of its
/// own).</summary>
public sealed record WaChange(string? Field = null, WaValue? Value = null);

public sealed record WaValue(
    string? MessagingProduct = null,
    WaMetadata? Metadata = null,
    IReadOnlyList<WaContact>? Contacts = null,
    IReadOnlyList<WaMessage>? Messages = null,
    IReadOnlyList<WaStatus>? Statuses = null,
    IReadOnlyList<WaError>? Errors = null
);

/// <summary>The business number the delivery is for.</summary>
public sealed record WaMetadata(string? DisplayPhoneNumber = null, string? PhoneNumberId = null);

/// <summary>The sender: its profile name and WhatsApp user id (<c>wa_id</c>).</summary>
public sealed record WaContact(WaProfile? Profile = null, string? WaId = null);

public sealed record WaProfile(string? Name = null);

/// <summary>
/// A user's message: <c>text</c>, <c>interactive</c> (a reply button or a list row tapped: <c>button_reply</c>,
/// <c>list_reply</c>, with <c>context.id</c> the bot's message it was on), <c>button</c> (a template's quick reply), or
/// anything else the bot does not read (media, reactions, locations).
/// </summary>
public sealed record WaMessage(
    string From,
    string Id,
    string Timestamp,
    string Type,
    WaText? Text = null,
    WaInteractiveReply? Interactive = null,
    WaTemplateButton? Button = null,
    WaContext? Context = null
);

public sealed record WaText(string Body, bool? PreviewUrl = null);

public sealed record WaInteractiveReply(string Type, WaReply? ButtonReply = null, WaReply? ListReply = null);

/// <summary>A reply button or a list row, as sent (<c>reply</c>, <c>rows[]</c>) and as tapped (<c>button_reply</c>,
/// <c>list_reply</c>).</summary>
public sealed record WaReply(string Id, string Title, string? Description = null);

public sealed record WaTemplateButton(string? Text = null, string? Payload = null);

public sealed record WaContext(string? From = null, string? Id = null);

/// <summary>What became of a message the bot sent: <c>sent</c>, <c>delivered</c>, <c>read</c>, or <c>failed</c> with
/// its errors.</summary>
public sealed record WaStatus(
    string Id,
    string Status,
    string? Timestamp = null,
    string? RecipientId = null,
    IReadOnlyList<WaError>? Errors = null
);

public sealed record WaError(int Code, string? Title = null, string? Message = null, WaErrorData? ErrorData = null);

public sealed record WaErrorData(string? MessagingProduct = null, string? Details = null);

// ---- sending: POST /{version}/{phone-number-id}/messages ----

/// <summary>A message to a user: <c>text</c>, <c>interactive</c> (reply buttons or a list) or
/// <c>template</c>.</summary>
public sealed record WaOutgoing(
    string To,
    string Type,
    WaText? Text = null,
    WaInteractive? Interactive = null,
    WaTemplate? Template = null
)
{
    public string MessagingProduct => "whatsapp";

    public string RecipientType => "individual";
}

/// <summary>An interactive message: <c>button</c> (up to 3 reply buttons) or <c>list</c> (a button that opens up to 10
/// rows).</summary>
public sealed record WaInteractive(string Type, WaBody Body, WaAction Action);

public sealed record WaBody(string Text);

public sealed record WaAction(
    IReadOnlyList<WaReplyButton>? Buttons = null,
    string? Button = null,
    IReadOnlyList<WaSection>? Sections = null
);

public sealed record WaReplyButton(WaReply Reply)
{
    public string Type => "reply";
}

public sealed record WaSection(IReadOnlyList<WaReply> Rows, string? Title = null);

public sealed record WaTemplate(string Name, WaLanguage Language, IReadOnlyList<WaComponent>? Components = null);

public sealed record WaLanguage(string Code);

public sealed record WaComponent(string Type, IReadOnlyList<WaParameter> Parameters);

public sealed record WaParameter(string Type, string Text);

/// <summary>The answer to a sent message: the recipient as given and resolved, and the message's id
/// (<c>wamid.…</c>).</summary>
public sealed record WaSendResponse(
    string? MessagingProduct = null,
    IReadOnlyList<WaSentContact>? Contacts = null,
    IReadOnlyList<WaSentMessage>? Messages = null
);

public sealed record WaSentContact(string? Input = null, string? WaId = null);

public sealed record WaSentMessage(string Id);

/// <summary>A Graph API error:
/// <c>{"error":{"message","type","code","error_data":{"details"},"fbtrace_id"}}</c>.</summary>
public sealed record WaErrorResponse(WaGraphError? Error = null);

public sealed record WaGraphError(
    int Code,
    string? Message = null,
    string? Type = null,
    WaErrorData? ErrorData = null,
    string? FbtraceId = null
);

/// <summary>The Cloud API's JSON: snake_case names, nulls left out, unknown fields ignored.</summary>
public static class WhatsAppJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

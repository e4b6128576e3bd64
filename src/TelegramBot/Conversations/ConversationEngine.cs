using MakCrm.Client;
using MakCrm.TelegramBot.Crm;

namespace MakCrm.TelegramBot.Conversations;

/// <summary>
/// The conversations, transport-neutral: commands, buttons and the steps of the flows, in Russian. A chat that is not
/// linked to a CRM account sees registration, linking and the FAQ only; a linked one acts as its user (a token
/// exchanged for the messenger account, <see cref="CrmClients"/>). Unexpected input gets a helpful answer, never an
/// error.
/// </summary>
public sealed partial class ConversationEngine(
    Sessions sessions,
    Callbacks callbacks,
    IMakCrmApiClient bot,
    CrmClients crm,
    AccountLinks links,
    Groups groups,
    ILogger<ConversationEngine> logger
)
{
    private Groups GroupStore => groups;

    private IMakCrmApiClient Bot => bot;

    private CrmClients Crm => crm;

    private AccountLinks Links => links;

    private Callbacks CallbackStore => callbacks;

    public async Task HandleAsync(Incoming input, CancellationToken cancellationToken)
    {
        var session = await sessions.LoadAsync(input.ChatKey, cancellationToken);
        var context = new ChatContext(this, input, session, cancellationToken);
        try
        {
            await DispatchAsync(context);
        }
        catch (Exception e)
            when (e is MakCrmApiException or HttpRequestException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested
            )
        {
            // The API refused or could not be reached: the user is told, the conversation stays where it was.
            logger.LogWarning(e, "A conversation step in {ChatKey} failed", input.ChatKey);
            await context.ReplyAsync(Texts.Unavailable, dedupeSuffix: ":failed");
        }
        finally
        {
            context.User?.Dispose();
        }

        await sessions.SaveAsync(session, input.Account, cancellationToken);
    }

    private async Task DispatchAsync(ChatContext chat)
    {
        var input = chat.Input;
        if (!input.IsPrivate)
        {
            await DispatchGroupAsync(chat); // groups get notifications; conversations happen in private chats
            return;
        }

        if (input.Kind == IncomingKind.Button)
        {
            var resolved = await callbacks.ResolveAsync(input.ChatKey, input.CallbackData, chat.CancellationToken);
            if (resolved is not { } action)
            {
                logger.LogInformation("Unknown or foreign button data in {ChatKey}", input.ChatKey);
                await chat.ReplyAsync(Texts.StaleButton);
                await ShowMenuAsync(chat);
                return;
            }

            await OnActionAsync(chat, action.Action, action.Argument);
            return;
        }

        if (input.Kind == IncomingKind.Text && input.Text!.StartsWith('/'))
        {
            await OnCommandAsync(chat, input.Text);
            return;
        }

        if (chat.Session.Step is { } step && input.Kind is IncomingKind.Text or IncomingKind.Contact)
        {
            if (!await OnRegistrationStepAsync(chat, step, input.Text!.Trim()))
            {
                await OnStepAsync(chat, step, input.Text!.Trim());
            }

            return;
        }

        await chat.ReplyAsync(input.Kind == IncomingKind.Other ? Texts.OnlyText : Texts.NotUnderstood);
        await ShowMenuAsync(chat);
    }

    private async Task OnCommandAsync(ChatContext chat, string text)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var command = parts[0].Split('@')[0].ToLowerInvariant();
        var argument = parts.Length > 1 ? parts[1] : null;
        chat.Session.Reset();
        switch (command)
        {
            case "/start" when argument is { Length: > 0 }:
                await LinkAsync(chat, argument);
                break;
            case "/start":
            case "/menu":
            case "/cancel":
                await ShowMenuAsync(chat);
                break;
            case "/help":
                await ShowHelpAsync(chat);
                break;
            case "/timezone":
                await ShowTimeZonesAsync(chat);
                break;
            default:
                await OnActionAsync(chat, command.TrimStart('/'), null);
                break;
        }
    }

    /// <summary>A menu button, a command without its slash, or a flow's own button.</summary>
    private async Task OnActionAsync(ChatContext chat, string action, string? argument)
    {
        if (
            await HandleRegistrationActionAsync(chat, action, argument)
            || await HandleFlowActionAsync(chat, action, argument)
        )
        {
            return;
        }

        switch (action)
        {
            case Actions.TakeLead when Guid.TryParse(argument, out var leadId):
                await TakeLeadAsync(chat, leadId);
                break;
            case Actions.TimeZone:
                await SetTimeZoneAsync(chat, argument);
                break;
            case Actions.Menu:
                chat.Session.Reset();
                await ShowMenuAsync(chat);
                break;
            case Actions.HowToLink:
                await chat.ReplyAsync(
                    string.Format(
                        System.Globalization.CultureInfo.InvariantCulture,
                        Texts.HowToLink,
                        chat.Input.Transport.DisplayName
                    ),
                    [
                        [new Choice(Texts.MenuButton, Actions.Menu)],
                    ]
                );
                break;
            default:
                await chat.ReplyAsync(Texts.NotUnderstood);
                await ShowMenuAsync(chat);
                break;
        }
    }

    /// <summary><c>/start lk_…</c>: the bot redeems the user's link code for the messenger account that sent
    /// it.</summary>
    private async Task LinkAsync(ChatContext chat, string code)
    {
        if (chat.Input.Account is not { } account)
        {
            await chat.ReplyAsync(Texts.LinkOnlyInPrivateChat);
            return;
        }

        Guid userId;
        try
        {
            userId = await links.RedeemAsync(
                account,
                chat.Input.ChatKey,
                code,
                chat.Input.Username,
                chat.CancellationToken
            );
        }
        catch (MakCrmApiException e) when (e.StatusCode is 400 or 404 or 409 or 422)
        {
            await chat.ReplyAsync(
                Texts.LinkCodeInvalid,
                [
                    [new Choice(Texts.HowToLinkButton, Actions.HowToLink)],
                    [new Choice(Texts.MenuButton, Actions.Menu)],
                ]
            );
            return;
        }

        await sessions.SetLinkedUserAsync(chat.Input.ChatKey, account, userId, chat.CancellationToken);
        var me = await chat.UserApi()!.GetMeAsync(chat.CancellationToken);
        await chat.ReplyAsync(
            string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                Texts.Linked,
                me.Result.User.FullName,
                me.Result.Organization?.Name
            )
        );
        await ShowMenuAsync(chat);
    }

    private async Task ShowMenuAsync(ChatContext chat)
    {
        if (await chat.IsLinkedAsync())
        {
            await chat.ReplyAsync(Texts.MenuLinked, await LinkedMenuAsync(chat));
        }
        else
        {
            await chat.ReplyAsync(
                Texts.MenuUnlinked,
                [
                    [
                        new Choice(Texts.RegisterPartnerButton, Actions.RegisterPartner),
                        new Choice(Texts.RegisterFranchiseeButton, Actions.RegisterFranchisee),
                    ],
                    [new Choice(Texts.HowToLinkButton, Actions.HowToLink)],
                    [new Choice(Texts.FaqButton, Actions.Faq)],
                ]
            );
        }
    }

    /// <summary>One input being handled: the session, and the user's API client made on first use.</summary>
    private sealed class ChatContext(
        ConversationEngine engine,
        Incoming input,
        Session session,
        CancellationToken cancellationToken
    )
    {
        private bool? _linked;

        public Incoming Input { get; } = input;

        public Session Session { get; } = session;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public UserClient? User { get; private set; }

        private Me? _me;

        /// <summary>The sender's CRM user, organization and what the bot may do for them (asked once per
        /// input).</summary>
        public async Task<Me> MeAsync() => _me ??= (await UserApi()!.GetMeAsync(CancellationToken)).Result;

        /// <summary>Whether the sender's messenger account is linked (the bot asks the API).</summary>
        public async Task<bool> IsLinkedAsync() =>
            _linked ??=
                Input.Account is { } account
                && await engine.Links.LinkedUserAsync(account, CancellationToken) is not null;

        /// <summary>The API as the sender's CRM user (call only after <see cref="IsLinkedAsync"/> or a
        /// redemption).</summary>
        public IMakCrmApiClient? UserApi()
        {
            if (Input.Account is not { } account)
            {
                return null;
            }

            User ??= engine.Crm.ForAccount(account);
            return User.Api;
        }

        public async Task ReplyAsync(
            string text,
            IEnumerable<IEnumerable<Choice>>? choices = null,
            string? dedupeSuffix = null
        )
        {
            var buttons = choices is null
                ? null
                : await engine.CallbackStore.ButtonsAsync(Input.ChatKey, choices, CancellationToken);
            // A reply is keyed by the update it answers (and its place among the replies), so a handler retried
            // after a failure does not send the replies it already queued twice.
            var key = $"{Input.UpdateKey}:{++_replies}{dedupeSuffix}";
            await Input.Transport.SendAsync(Input.ChatKey, new OutgoingText(text, buttons), key, CancellationToken);
        }

        private int _replies;

        /// <summary>Replaces the bot's message <paramref name="messageRef"/> in this chat (its buttons made
        /// anew).</summary>
        public async Task EditAsync(string messageRef, string text, IEnumerable<IEnumerable<Choice>> choices)
        {
            var buttons = await engine.CallbackStore.ButtonsAsync(Input.ChatKey, choices, CancellationToken);
            await Input.Transport.EditAsync(
                Input.ChatKey,
                messageRef,
                new OutgoingText(text, buttons),
                CancellationToken
            );
        }
    }
}

/// <summary>The actions buttons and commands name.</summary>
public static partial class Actions
{
    public const string Menu = "menu";
    public const string HowToLink = "link";
    public const string RegisterPartner = "register_partner";
    public const string RegisterFranchisee = "register_franchisee";
    public const string Faq = "faq";
}

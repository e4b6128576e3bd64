using System.Globalization;
using MakCrm.Client;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Conversations;

// Groups: linking a group to an organization with a group code, the group's topics, and taking a lead nobody is
// responsible for (from a group or a private chat).
public sealed partial class ConversationEngine
{
    /// <summary>
    /// A group's input. The bot talks little there: a group code (<c>/start gr_…</c>, as the <c>startgroup</c> deep
    /// link sends it, or the code alone) links the group, <c>/settings</c> shows its topics, <c>/help</c> says what it
    /// does; buttons of its notifications take a lead. Anything else in a group is none of the bot's business.
    /// </summary>
    private async Task DispatchGroupAsync(ChatContext chat)
    {
        var input = chat.Input;
        switch (input.Kind)
        {
            case IncomingKind.Joined:
                await chat.ReplyAsync(Texts.GroupWelcome);
                return;
            case IncomingKind.Button:
                var resolved = await CallbackStore.ResolveAsync(
                    input.ChatKey,
                    input.CallbackData,
                    chat.CancellationToken
                );
                switch (resolved)
                {
                    case (Actions.GroupTopic, { } topic):
                        await ToggleTopicAsync(chat, topic);
                        return;
                    case (Actions.TakeLead, { } lead) when Guid.TryParse(lead, out var leadId):
                        await TakeLeadAsync(chat, leadId);
                        return;
                    default:
                        return;
                }

            case IncomingKind.Text:
                var text = input.Text!.Trim();
                var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var command = parts[0].Split('@')[0].ToLowerInvariant();
                var argument = parts.Length > 1 ? parts[1] : null;
                if (text.StartsWith(GroupCodePrefix, StringComparison.Ordinal))
                {
                    await LinkGroupAsync(chat, text);
                }
                else if (command is "/start" or "/link" && argument is { Length: > 0 })
                {
                    await LinkGroupAsync(chat, argument);
                }
                else if (command is "/start" or "/help" or "/menu")
                {
                    await chat.ReplyAsync(Texts.GroupHelp);
                }
                else if (command == "/settings")
                {
                    await ShowTopicsAsync(chat, null);
                }

                return;
            default:
                return;
        }
    }

    private const string GroupCodePrefix = "gr_";

    /// <summary>The bot redeems the group code for this group (as the bot's own client): the API links it to the
    /// code's organization.</summary>
    private async Task LinkGroupAsync(ChatContext chat, string code)
    {
        TelegramGroupLink link;
        try
        {
            link = (
                await Bot.RedeemTelegramGroupCodeAsync(
                    new RedeemTelegramGroupCodeRequest
                    {
                        Code = code,
                        ChatId = long.Parse(ChatKeys.IdOf(chat.Input.ChatKey), CultureInfo.InvariantCulture),
                        Title = chat.Input.ChatTitle is { Length: > 0 } title
                            ? title[..Math.Min(title.Length, 256)]
                            : Texts.GroupUntitled,
                    },
                    chat.CancellationToken
                )
            ).Result;
        }
        catch (MakCrmApiException e) when (e.StatusCode is 400 or 422)
        {
            await chat.ReplyAsync(Texts.GroupCodeInvalid);
            return;
        }

        await GroupStore.SetOrganizationAsync(chat.Input.ChatKey, link.OrganizationId, chat.CancellationToken);
        await chat.ReplyAsync(Texts.GroupLinked);
        await ShowTopicsAsync(chat, null);
    }

    /// <summary>The group's topics, each a button that turns it off or on; as a new message, or in place of
    /// <paramref name="messageRef"/>.</summary>
    private async Task ShowTopicsAsync(ChatContext chat, string? messageRef)
    {
        var group = await GroupStore.FindAsync(chat.Input.ChatKey, chat.CancellationToken);
        if (group?.OrganizationId is null)
        {
            await chat.ReplyAsync(Texts.GroupNotLinked);
            return;
        }

        var rows = GroupTopics
            .All.Select(t =>
                new[]
                {
                    new Choice(
                        (group.MutedTopics.Contains(t.Topic) ? "🔕 " : "🔔 ") + t.Label,
                        Actions.GroupTopic,
                        t.Topic
                    ),
                }
            )
            .ToList();
        if (messageRef is null)
        {
            await chat.ReplyAsync(Texts.GroupTopics, rows);
        }
        else
        {
            await chat.EditAsync(messageRef, Texts.GroupTopics, rows);
        }
    }

    /// <summary>
    /// Turns a topic off or on, for the organization's owner only (as the API's <c>/me</c> tells the presser's linked
    /// user): the group's notifications are the organization's.
    /// </summary>
    private async Task ToggleTopicAsync(ChatContext chat, string topic)
    {
        var group = await GroupStore.FindAsync(chat.Input.ChatKey, chat.CancellationToken);
        if (group?.OrganizationId is not { } organizationId || GroupTopics.All.All(t => t.Topic != topic))
        {
            return;
        }

        if (!await chat.IsLinkedAsync())
        {
            await chat.ReplyAsync(Texts.GroupSettingsNeedLink);
            return;
        }

        if ((await chat.MeAsync()).Organization is not { IsOwner: true } own || own.Id != organizationId)
        {
            await chat.ReplyAsync(Texts.GroupSettingsOwnerOnly);
            return;
        }

        await GroupStore.ToggleAsync(chat.Input.ChatKey, topic, chat.CancellationToken);
        await ShowTopicsAsync(chat, chat.Input.MessageRef);
    }

    /// <summary>
    /// Takes a lead nobody is responsible for, as the presser: reads it and, while it still has nobody, makes the
    /// presser responsible under <c>If-Match</c>. Whoever comes second (the lead changed meanwhile: 412, or it has a
    /// manager already) is told who took it.
    /// </summary>
    private async Task TakeLeadAsync(ChatContext chat, Guid leadId)
    {
        if (!await chat.IsLinkedAsync())
        {
            await chat.ReplyAsync(chat.Input.IsPrivate ? Texts.NeedsLink : Texts.GroupTakeNeedsLink);
            return;
        }

        var api = chat.UserApi()!;
        var me = (await chat.MeAsync()).User;
        try
        {
            var lead = (await api.GetLeadAsync(leadId, chat.CancellationToken)).Result;
            if (lead.ResponsibleUser is null)
            {
                await api.UpdateLeadAsync(
                    leadId,
                    $"\"{lead.Version.ToString(CultureInfo.InvariantCulture)}\"",
                    new UpdateLeadRequest { ResponsibleUserId = me.Id },
                    chat.CancellationToken
                );
                await chat.ReplyAsync(
                    string.Format(
                        CultureInfo.InvariantCulture,
                        Texts.LeadTaken,
                        me.FullName is { Length: > 0 } name ? name : me.Email,
                        LeadName(lead)
                    ),
                    chat.Input.IsPrivate
                        ?
                        [
                            [new Choice(Texts.OpenLeadButton, Actions.LeadCard, leadId.ToString())],
                        ]
                        : null
                );
                return;
            }
        }
        catch (MakCrmApiException e) when (e.StatusCode == 412)
        {
            // Someone changed the lead between the read and the write: read again to say who took it.
        }
        catch (MakCrmApiException e) when (e.StatusCode is 403 or 404)
        {
            await chat.ReplyAsync(Texts.NotFoundOrForbidden);
            return;
        }

        var taken = (await api.GetLeadAsync(leadId, chat.CancellationToken)).Result;
        await chat.ReplyAsync(
            taken.ResponsibleUser is { } responsible
                ? responsible.Id == me.Id
                    ? Texts.LeadAlreadyYours
                    : string.Format(CultureInfo.InvariantCulture, Texts.LeadAlreadyTaken, responsible.DisplayName)
                : Texts.LeadChangedTryAgain
        );
    }

    /// <summary>A lead in a sentence: its client's name when the token may read it, else its product and
    /// amount.</summary>
    private static string LeadName(Lead lead) =>
        lead.Client?.Name
        ?? string.Join(
            ", ",
            new[]
            {
                lead.Product is { } product ? Products.First(p => p.Product == product).Label : Texts.LeadWord,
                lead.RequestedAmount is { } amount ? Money(amount) : null,
            }.Where(part => part is not null)
        );
}

public static partial class Actions
{
    public const string GroupTopic = "group_topic";
    public const string TakeLead = "take_lead";
}

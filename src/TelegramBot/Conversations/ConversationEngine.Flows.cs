namespace MakCrm.TelegramBot.Conversations;

// The flows of a linked user and the registration: their actions, their steps and the linked menu.
public sealed partial class ConversationEngine
{
    private async Task<IEnumerable<IEnumerable<Choice>>> LinkedMenuAsync(ChatContext chat)
    {
        await Task.CompletedTask;
        return
        [
            [new Choice(Texts.NewLeadButton, Actions.NewLead), new Choice(Texts.MyLeadsButton, Actions.MyLeads)],
            [new Choice(Texts.FaqButton, Actions.Faq), new Choice(Texts.SupportButton, Actions.Support)],
        ];
    }

    /// <summary>Handles the flows' own actions; false for an action that is not one of theirs.</summary>
    private Task<bool> HandleFlowActionAsync(ChatContext chat, string action, string? argument) => Task.FromResult(false);

    /// <summary>Text typed at a step of a flow.</summary>
    private async Task OnStepAsync(ChatContext chat, string step, string text)
    {
        logger.LogDebug("Step {Step} has no handler", step);
        chat.Session.Reset();
        await ShowMenuAsync(chat);
    }
}

public static partial class Actions
{
    public const string NewLead = "newlead";
    public const string MyLeads = "leads";
    public const string Support = "support";
}

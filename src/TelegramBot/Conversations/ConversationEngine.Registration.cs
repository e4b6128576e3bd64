using System.Globalization;
using System.Security.Cryptography;
using MakCrm.Client;

namespace MakCrm.TelegramBot.Conversations;

// Registering a partner or franchisee from the chat (registerOrganization with the extended fields).
public sealed partial class ConversationEngine
{
    private const string Correcting = "correcting";

    private static readonly (string Field, string Step, string Question)[] RegistrationSteps =
    [
        ("companyName", "reg_company", Texts.AskCompany),
        ("legalForm", "reg_legal_form", Texts.AskLegalForm),
        ("inn", "reg_inn", Texts.AskInn),
        ("city", "reg_city", Texts.AskCity),
        ("niche", "reg_niche", Texts.AskNiche),
        ("fullName", "reg_full_name", Texts.AskFullName),
        ("contactPhone", "reg_phone", Texts.AskContactPhone),
        ("contactEmail", "reg_email", Texts.AskContactEmail),
    ];

    private async Task<bool> HandleRegistrationActionAsync(ChatContext chat, string action, string? argument)
    {
        switch (action)
        {
            case Actions.RegisterPartner or Actions.RegisterFranchisee:
                chat.Session.Reset();
                chat.Session.Data["kind"] =
                    action == Actions.RegisterPartner
                        ? nameof(OrganizationKind.Partner)
                        : nameof(OrganizationKind.Franchisee);
                await AskRegistrationAsync(chat, 0);
                return true;
            case Actions.LegalForm
                when chat.Session.Step == "reg_legal_form" && Enum.TryParse<LegalForm>(argument, out _):
                chat.Session.Data["legalForm"] = argument!;
                if (chat.Session.Data.ContainsKey(Correcting))
                {
                    await RegisterAsync(chat);
                }
                else
                {
                    await AskRegistrationAsync(chat, 2);
                }

                return true;
            default:
                return false;
        }
    }

    private async Task<bool> OnRegistrationStepAsync(ChatContext chat, string step, string text)
    {
        var index = Array.FindIndex(RegistrationSteps, s => s.Step == step);
        if (index < 0)
        {
            return false;
        }

        if (step == "reg_legal_form")
        {
            await AskRegistrationAsync(chat, index); // a legal form is chosen with a button
            return true;
        }

        if (text.Length is 0 or > 200)
        {
            await chat.ReplyAsync(Texts.TooLong, CancelRow);
            return true;
        }

        chat.Session.Data[RegistrationSteps[index].Field] = text;
        if (index + 1 < RegistrationSteps.Length && !chat.Session.Data.ContainsKey(Correcting))
        {
            await AskRegistrationAsync(chat, index + 1);
        }
        else
        {
            await RegisterAsync(chat);
        }

        return true;
    }

    private async Task AskRegistrationAsync(ChatContext chat, int index)
    {
        var (_, step, question) = RegistrationSteps[index];
        chat.Session.Step = step;
        if (step == "reg_legal_form")
        {
            await chat.ReplyAsync(
                question,
                [
                    [
                        new Choice("ИП", Actions.LegalForm, nameof(LegalForm.Ip)),
                        new Choice("ООО", Actions.LegalForm, nameof(LegalForm.Ooo)),
                        new Choice("Самозанятый", Actions.LegalForm, nameof(LegalForm.Self_employed)),
                    ],
                    [new Choice(Texts.CancelButton, Actions.Cancel)],
                ]
            );
            return;
        }

        await chat.ReplyAsync(question, CancelRow);
    }

    /// <summary>
    /// Sends the registration (anonymous, as the public form does). The password is random and never shown: the
    /// owner sets one with «Забыли пароль» once head office approves, so no password passes through the chat. A field
    /// the API refuses (its per-field errors shown) is asked again.
    /// </summary>
    private async Task RegisterAsync(ChatContext chat)
    {
        var data = chat.Session.Data;
        var request = new RegistrationRequest
        {
            Kind = Enum.Parse<OrganizationKind>(data["kind"]),
            CompanyName = data.GetValueOrDefault("companyName") ?? "",
            LegalForm = Enum.Parse<LegalForm>(data.GetValueOrDefault("legalForm") ?? nameof(LegalForm.Ip)),
            Inn = data.GetValueOrDefault("inn") ?? "",
            City = data.GetValueOrDefault("city"),
            Niche = data.GetValueOrDefault("niche"),
            FullName = data.GetValueOrDefault("fullName") ?? "",
            ContactPhone = data.GetValueOrDefault("contactPhone") ?? "",
            ContactEmail = data.GetValueOrDefault("contactEmail") ?? "",
            Password = "Tg-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)) + "-9a",
        };
        using var anonymous = Crm.Anonymous();
        try
        {
            await anonymous.Api.RegisterOrganizationAsync(
                request,
                $"{chat.Input.UpdateKey}:registration",
                chat.CancellationToken
            );
        }
        catch (MakCrmApiException e) when (e.StatusCode is 400 or 409 or 422)
        {
            var field = (e as MakCrmApiException<Problem>)?.Result.Errors?.Keys.FirstOrDefault() ?? "";
            var index = Array.FindIndex(
                RegistrationSteps,
                s => string.Equals(s.Field, field, StringComparison.OrdinalIgnoreCase)
            );
            chat.Session.Data[Correcting] = "1"; // the answer to the question asked again sends the registration again
            await chat.ReplyAsync(FieldErrors(e, Texts.RegistrationRefused));
            await AskRegistrationAsync(chat, index < 0 ? RegistrationSteps.Length - 1 : index);
            return;
        }

        chat.Session.Reset();
        await chat.ReplyAsync(
            string.Format(CultureInfo.InvariantCulture, Texts.Registered, request.ContactEmail),
            [
                [new Choice(Texts.HowToLinkButton, Actions.HowToLink)],
                [new Choice(Texts.MenuButton, Actions.Menu)],
            ]
        );
    }
}

public static partial class Actions
{
    public const string LegalForm = "legal_form";
}

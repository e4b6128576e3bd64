using MakCrm.Testing;

namespace MakCrm.Client.Tests;

internal static class TestData
{
    private static int _phones;

    /// <summary>A distinct Russian mobile number in E.164, e.g. +79120000001.</summary>
    public static string NextPhone() => "+7912" + Interlocked.Increment(ref _phones).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    public static CreateClientRequest NewClient(string fullName = "Петров Пётр Петрович", string? phone = null) => new()
    {
        FullName = fullName,
        Phone = phone ?? NextPhone(),
        Source = "partner",
    };

    public static readonly Guid HeadOffice = new("0192f0c1-0000-7000-8000-000000000001");

    /// <summary>Fills in head office's requisites (Sberbank's published ones), which every generated document prints.</summary>
    public static async Task FillHeadOfficeRequisitesAsync(IMakCrmApiClient api)
    {
        var headOffice = await api.GetOrganizationAsync(HeadOffice);
        await api.UpdateOrganizationProfileAsync(HeadOffice, headOffice.ETag!, new UpdateOrganizationProfileRequest
        {
            LegalName = "ООО «МаК Финанс»", LegalForm = UpdateOrganizationProfileRequestLegalForm.Ooo, Inn = "7707083893", Kpp = "773601001",
            LegalAddress = "117312, г. Москва, ул. Вавилова, д. 19", BankName = "ПАО Сбербанк", Bik = "044525225",
            CorrespondentAccount = "30101810400000000225", SettlementAccount = "40702810400000000225",
        });
    }

    /// <summary>Head office's requisites and those the franchisee's contract needs of the demo franchisee.</summary>
    public static async Task FillFranchiseContractRequisitesAsync(IMakCrmApiClient api)
    {
        await FillHeadOfficeRequisitesAsync(api);
        var franchisee = await api.GetOrganizationAsync(TestActors.FranchiseeOrganization);
        await api.UpdateOrganizationProfileAsync(TestActors.FranchiseeOrganization, franchisee.ETag!,
            new UpdateOrganizationProfileRequest
        {
            LegalName = "ИП Петров Пётр Петрович",
            LegalForm = UpdateOrganizationProfileRequestLegalForm.Ip,
            Inn = "500100732259",
            LegalAddress = "г. Тверь, ул. Советская, д. 1",
        });
    }
}

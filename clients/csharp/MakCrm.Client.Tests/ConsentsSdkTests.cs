using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Consents per purpose through the SDK, against the real API on a loopback port.</summary>
public sealed class ConsentsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_consent_is_recorded_checked_withdrawn_and_then_refused_by_the_check()
    {
        var client = (
            await Api.CreateClientAsync(
                new CreateClientRequest
                {
                    FullName = "Согласова Светлана",
                    Phone = "+79990007711",
                    Source = "partner",
                }
            )
        ).Result;
        await Expect.ProblemAsync(
            () => Api.CheckConsentAsync(client.Id, ConsentPurpose.CreditHistoryRequest),
            409,
            "consent_required"
        );

        var created = await Api.CreateConsentAsync(
            new CreateConsentRequest
            {
                ClientId = client.Id,
                Purpose = ConsentPurpose.CreditHistoryRequest,
                TextVersion = "2026-11",
                GivenAt = DateTimeOffset.UtcNow.AddMinutes(-1),
                Source = ConsentSource.Form,
            },
            Guid.NewGuid().ToString()
        );
        created.StatusCode.Should().Be(201);
        created.Result.Status.Should().Be(ConsentStatus.Active);
        created.Result.ExpiresAt.Should().Be(created.Result.GivenAt.AddMonths(6));

        (await Api.CheckConsentAsync(client.Id, ConsentPurpose.CreditHistoryRequest))
            .Result.Id.Should()
            .Be(created.Result.Id);
        (await Api.ListConsentsAsync(clientId: client.Id, status: ConsentStatus.Active))
            .Result.Items.Select(c => c.Id)
            .Should()
            .Equal(created.Result.Id);

        var withdrawn = await Api.WithdrawConsentAsync(
            new WithdrawConsentRequest { Source = ConsentSource.Bot },
            created.Result.Id
        );
        withdrawn.Result.Status.Should().Be(ConsentStatus.Withdrawn);
        withdrawn.Result.Withdrawal!.Source.Should().Be(ConsentSource.Bot);
        var refused = await Expect.ProblemAsync(
            () => Api.CheckConsentAsync(client.Id, ConsentPurpose.CreditHistoryRequest),
            409,
            "consent_required"
        );
        refused.Purpose.Should().Be(ConsentPurpose.CreditHistoryRequest);
        (await Api.GetConsentAsync(created.Result.Id)).Result.Status.Should().Be(ConsentStatus.Withdrawn);
    }
}

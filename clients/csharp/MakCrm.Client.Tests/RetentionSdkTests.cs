using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Retention rules, legal holds and the dry run of destruction through the SDK, against the real API on a
/// loopback port.</summary>
public sealed class RetentionSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_rule_changes_under_If_Match_and_a_held_client_is_left_out_of_what_is_due()
    {
        var rules = await Api.ListRetentionRulesAsync();
        var rule = rules.Result.Items.Single(r => r.Kind == RetentionDataKind.Withdrawn_consent);
        var changed = await Api.UpdateRetentionRuleAsync(
            "withdrawn_consent",
            $"\"{rule.Version}\"",
            new UpdateRetentionRuleRequest { Days = rule.Days + 1 }
        );
        changed.Result.Days.Should().Be(rule.Days + 1);
        await Expect.ProblemAsync(
            () =>
                Api.UpdateRetentionRuleAsync(
                    "withdrawn_consent",
                    $"\"{rule.Version}\"",
                    new UpdateRetentionRuleRequest { Days = 10 }
                ),
            412,
            "precondition_failed"
        );

        var client = await Api.CreateClientAsync(TestData.NewClient("Хранимов Пётр"));
        var hold = await Api.CreateLegalHoldAsync(
            new CreateLegalHoldRequest { ClientId = client.Result.Id, Reason = "Запрос суда" },
            Guid.NewGuid().ToString()
        );
        hold.StatusCode.Should().Be(201);
        await Expect.ProblemAsync(
            () =>
                Api.CreateLegalHoldAsync(
                    new CreateLegalHoldRequest { ClientId = client.Result.Id, Reason = "Ещё раз" },
                    Guid.NewGuid().ToString()
                ),
            409,
            "legal_hold_exists"
        );
        var holds = await Api.ListLegalHoldsAsync(clientId: client.Result.Id);
        holds.Result.Items.Select(h => h.Id).Should().Equal(hold.Result.Id);
        var due = await Api.ListDueDestructionsAsync(limit: 100);
        due.Result.Items.Select(d => d.SubjectId).Should().NotContain(client.Result.Id);
        (await Api.DeleteLegalHoldAsync(hold.Result.Id)).StatusCode.Should().Be(204);
        (await Api.ListDestructionRunsAsync()).StatusCode.Should().Be(200);
        await Expect.ProblemAsync(() => Api.GetDestructionRunAsync(Guid.NewGuid()), 404, "not_found");
    }
}

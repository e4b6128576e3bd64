using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Automation rules through the SDK, against the real API on a loopback port (its worker runs the
/// rules).</summary>
public sealed class AutomationSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_rule_runs_once_on_a_matching_lead_and_is_disabled_under_If_Match()
    {
        var marker = $"Автоматов {Guid.NewGuid():N}";
        var created = await Api.CreateAutomationRuleAsync(
            new CreateAutomationRuleRequest
            {
                Name = "Новый лид — задача позвонить",
                Trigger = new AutomationTrigger { Type = AutomationTriggerType.Lead_created },
                Condition = new ReportFilter
                {
                    Field = "clientName",
                    Operator = ReportOperator.Starts_with,
                    Values = [marker],
                },
                Actions =
                [
                    new AutomationAction
                    {
                        Type = AutomationActionType.Create_task,
                        Title = "Позвонить клиенту",
                        Assignee = AutomationAssignee.Round_robin,
                    },
                ],
            },
            Guid.NewGuid().ToString()
        );
        created.StatusCode.Should().Be(201);
        created.Result.Network.Should().BeTrue();

        var client = (await Api.CreateClientAsync(TestData.NewClient($"{marker} Иван"))).Result;
        var lead = (
            await Api.CreateLeadAsync(
                new CreateLeadRequest
                {
                    ClientId = client.Id,
                    RequestedAmount = 900_000m,
                    Product = LoanProduct.Mortgage,
                }
            )
        ).Result;
        ICollection<AutomationRun> runs = [];
        for (var attempt = 0; attempt < 100 && runs.Count == 0; attempt++)
        {
            await Task.Delay(100);
            runs = (await Api.ListAutomationRunsAsync(ruleId: created.Result.Id)).Result.Items;
        }

        var run = runs.Should().ContainSingle().Subject;
        run.SubjectId.Should().Be(lead.Id);
        run.Outcome.Should().Be(AutomationRunOutcome.Succeeded);
        (await Api.ListTasksAsync(subjectType: TaskSubjectType.Lead, subjectId: lead.Id))
            .Result.Items.Select(t => t.Title)
            .Should()
            .Equal("Позвонить клиенту");

        var disabled = await Api.UpdateAutomationRuleAsync(
            created.Result.Id,
            created.ETag!,
            new UpdateAutomationRuleRequest { Enabled = false }
        );
        disabled.Result.Enabled.Should().BeFalse();
        await Expect.ProblemAsync(
            () =>
                Api.UpdateAutomationRuleAsync(
                    created.Result.Id,
                    created.ETag!,
                    new UpdateAutomationRuleRequest { Name = "Другое" }
                ),
            412,
            "precondition_failed"
        );
    }
}

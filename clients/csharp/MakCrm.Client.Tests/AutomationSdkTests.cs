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

    [Fact]
    public async Task A_scan_uploaded_to_a_lead_runs_a_document_rule_and_a_quiet_lead_rule_reads_back_its_hours()
    {
        var created = await Api.CreateAutomationRuleAsync(
            new CreateAutomationRuleRequest
            {
                Name = "Скан получен",
                Trigger = new AutomationTrigger
                {
                    Type = AutomationTriggerType.Document_uploaded,
                    DocumentKind = DocumentKind.Scan,
                },
                Actions =
                [
                    new AutomationAction
                    {
                        Type = AutomationActionType.Create_task,
                        Title = "Проверить скан",
                        Assignee = AutomationAssignee.Round_robin,
                    },
                ],
            },
            Guid.NewGuid().ToString()
        );
        created.Result.Trigger.DocumentKind.Should().Be(DocumentKind.Scan);

        var client = (await Api.CreateClientAsync(TestData.NewClient($"Сканов {Guid.NewGuid():N}"))).Result;
        var lead = (
            await Api.CreateLeadAsync(
                new CreateLeadRequest
                {
                    ClientId = client.Id,
                    RequestedAmount = 700_000m,
                    Product = LoanProduct.Mortgage,
                }
            )
        ).Result;
        await Api.UploadDocumentAsync(
            Guid.NewGuid().ToString(),
            new FileParameter(new MemoryStream("%PDF-1.4\n%sdk\n%%EOF\n"u8.ToArray()), "Паспорт.pdf", "application/pdf"),
            DocumentKind.Scan,
            TaskSubjectType.Lead,
            lead.Id
        );
        ICollection<AutomationRun> runs = [];
        for (var attempt = 0; attempt < 100 && runs.Count == 0; attempt++)
        {
            await Task.Delay(100);
            runs = (await Api.ListAutomationRunsAsync(ruleId: created.Result.Id)).Result.Items;
        }

        var run = runs.Should().ContainSingle().Subject;
        run.EventType.Should().Be("document.uploaded");
        run.SubjectId.Should().Be(lead.Id);
        await Api.DeleteAutomationRuleAsync(created.Result.Id, null);

        var quiet = await Api.CreateAutomationRuleAsync(
            new CreateAutomationRuleRequest
            {
                Name = "Лид без движения сутки",
                Enabled = false,
                Trigger = new AutomationTrigger { Type = AutomationTriggerType.Lead_inactive, Hours = 24 },
                Actions =
                [
                    new AutomationAction
                    {
                        Type = AutomationActionType.Create_task,
                        Title = "Вернуться к лиду",
                        Assignee = AutomationAssignee.Round_robin,
                    },
                ],
            },
            Guid.NewGuid().ToString()
        );
        quiet.Result.Trigger.Hours.Should().Be(24);
        var tried = await Api.DryRunAutomationRuleAsync(
            quiet.Result.Id,
            new AutomationDryRunRequest { SubjectId = lead.Id }
        );
        tried.Result.Outcome.Should().Be(AutomationRunOutcome.Succeeded);
        tried.Result.ActionsRun.Should().Be(1);
        tried.Result.Error.Should().BeNull();
        await Expect.ProblemAsync(
            () => Api.DryRunAutomationRuleAsync(quiet.Result.Id, new AutomationDryRunRequest { SubjectId = Guid.NewGuid() }),
            404,
            "not_found"
        );
        await Expect.ProblemAsync(
            () =>
                Api.CreateAutomationRuleAsync(
                    new CreateAutomationRuleRequest
                    {
                        Name = "Без часов",
                        Trigger = new AutomationTrigger { Type = AutomationTriggerType.Lead_inactive },
                        Actions = [new AutomationAction { Type = AutomationActionType.Notify, Message = "x" }],
                    },
                    Guid.NewGuid().ToString()
                ),
            400,
            "automation_rule_invalid"
        );
        await Api.DeleteAutomationRuleAsync(quiet.Result.Id, null);
    }
}

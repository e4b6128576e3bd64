using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Pipelines, stages, deals and stage triggers through the SDK, against the real API.</summary>
public sealed class DealsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task The_admin_configures_a_pipeline_and_a_deal_moves_through_it()
    {
        var pipeline = (await Api.CreatePipelineAsync(new CreatePipelineRequest { Name = "Автокредит", Stages = ["Заявка", "Банк"] })).Result;
        pipeline.Stages.Select(s => s.Kind).Should().Equal(StageKind.Working, StageKind.Working, StageKind.Won, StageKind.Lost);
        var added = await Api.AddPipelineStageAsync(pipeline.Id, new CreatePipelineStageRequest
        {
            Name = "Оценка",
            Order = 1,
            Triggers = [new StageTriggerInput { Kind = StageTriggerKind.Set_lead_status, LeadStatus = "in_progress" }],
        });
        added.StatusCode.Should().Be(201);
        added.Result.Triggers.Should().ContainSingle().Which.Should().BeOfType<SetLeadStatusStageTrigger>()
            .Which.LeadStatus.Should().Be("in_progress");
        var working = pipeline.Stages.Where(s => s.Kind == StageKind.Working).Select(s => s.Id).Prepend(added.Result.Id).ToList();
        (await Api.ReorderPipelineStagesAsync(pipeline.Id, new StageOrderRequest { StageIds = [.. working.AsEnumerable().Reverse()] }))
            .Result.Stages.First().Id.Should().Be(working[^1]);
        (await Api.ListPipelinesAsync()).Result.Items.Select(p => p.Name).Should().Contain("Автокредит");

        var borrower = await Api.CreateClientAsync(TestData.NewClient("Сделкин Семён"));
        var lead = await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = borrower.Result.Id, RequestedAmount = 900_000m, Product = LoanProduct.Auto });
        var deal = await Api.CreateDealAsync(new CreateDealRequest
        {
            ClientId = borrower.Result.Id, LeadId = lead.Result.Id, Title = "Автокредит", Amount = 900_000m, Bank = "ВТБ", Product = LoanProduct.Auto, PipelineId = pipeline.Id,
        });
        deal.StatusCode.Should().Be(201);
        deal.Result.StageId.Should().Be(working[^1], "a deal starts in the pipeline's first working stage");

        var moved = await Api.MoveDealAsync(deal.Result.Id, new MoveDealRequest { StageId = added.Result.Id });
        moved.Result.StageId.Should().Be(added.Result.Id);
        (await Api.GetLeadAsync(lead.Result.Id)).Result.Status.Should().Be("in_progress", "the stage's trigger moved the lead");
        (await Api.GetDealStageHistoryAsync(deal.Result.Id)).Result.Items.Should().HaveCount(2);

        var updated = await Api.UpdateDealAsync(deal.Result.Id, moved.ETag!, new UpdateDealRequest { Amount = 950_000m, ClearBank = true });
        updated.Result.Amount.Should().Be(950_000m);
        updated.Result.Bank.Should().BeNull();
        (await Api.ListDealsAsync(pipelineId: pipeline.Id)).Result.Items.Should().ContainSingle();
        (await Api.DeleteDealAsync(deal.Result.Id, updated.ETag)).StatusCode.Should().Be(204);
        (await Api.DeletePipelineAsync(pipeline.Id)).StatusCode.Should().Be(204);
    }

    [Fact]
    public async Task Problems_for_system_stages_and_stages_with_deals()
    {
        var pipeline = (await Api.ListPipelinesAsync()).Result.Items.First();
        var won = pipeline.Stages.Single(s => s.Kind == StageKind.Won);
        await Expect.ProblemAsync(() => Api.UpdatePipelineStageAsync(pipeline.Id, won.Id, new UpdatePipelineStageRequest { Name = "Выдано" }), 409, "system_stage_protected");

        var borrower = await Api.CreateClientAsync(TestData.NewClient("Этапов Эдуард"));
        var deal = await Api.CreateDealAsync(new CreateDealRequest { ClientId = borrower.Result.Id, Title = "Ипотека", Amount = 1_000_000m, Product = LoanProduct.Mortgage });
        await Expect.ProblemAsync(() => Api.DeletePipelineStageAsync(pipeline.Id, deal.Result.StageId), 409, "stage_has_deals");
        await Expect.ProblemAsync(() => Api.UpdateDealAsync(deal.Result.Id, "\"7\"", new UpdateDealRequest { Title = "Т" }), 412, "precondition_failed");
    }
}

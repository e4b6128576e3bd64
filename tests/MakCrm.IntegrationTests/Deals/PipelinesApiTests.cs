using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Deals;

public sealed class PipelinesApiTests(ApiServerFixture server) : DealTest(server)
{
    [Fact]
    public async Task A_new_installation_has_the_credit_pipeline_with_won_and_lost_last()
    {
        var list = await ExpectJson(await Http.GetAsync("/api/v1/pipelines"), HttpStatusCode.OK);

        var pipeline = list["items"]!.AsArray().Single()!.AsObject();
        pipeline["name"]!.GetValue<string>().Should().Be("Кредитная воронка");
        var stages = pipeline["stages"]!.AsArray().Select(s => (s!["name"]!.GetValue<string>(), s["kind"]!.GetValue<string>(), s["order"]!.GetValue<int>()));
        stages.Should().Equal(
            ("Новая заявка", "working", 1), ("Сбор документов", "working", 2), ("Подача в банк", "working", 3), ("Решение банка", "working", 4),
            ("Успешно реализовано", "won", 5), ("Закрыто и не реализовано", "lost", 6));
    }

    [Fact]
    public async Task Pipelines_and_stages_are_created_changed_and_deleted()
    {
        var created = await ExpectJson(await Post("/api/v1/pipelines", new { name = "  Ипотека ", order = 1, stages = new[] { "Заявка", "Оценка" } }), HttpStatusCode.Created);
        created["name"]!.GetValue<string>().Should().Be("Ипотека");
        created["order"]!.GetValue<int>().Should().Be(1);
        created["stages"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).Should().Equal("working", "working", "won", "lost");
        (await Pipeline())["order"]!.GetValue<int>().Should().Be(2, "the default pipeline moved one down");
        var id = Id(created);

        var stage = await AddStage("Подача", pipelineId: id);
        stage["order"]!.GetValue<int>().Should().Be(3, "a new stage goes after the last working stage, before won and lost");
        var renamed = await ExpectJson(await Patch($"/api/v1/pipelines/{id}/stages/{Id(stage)}", new { name = "Подача в банк" }, null), HttpStatusCode.OK);
        renamed["name"]!.GetValue<string>().Should().Be("Подача в банк");
        renamed["version"]!.GetValue<int>().Should().Be(2);

        var archived = await ExpectJson(await Patch($"/api/v1/pipelines/{id}", new { archived = true, name = "Ипотека (архив)" }, "\"1\""), HttpStatusCode.OK);
        archived["archived"]!.GetValue<bool>().Should().BeTrue();
        await ExpectProblem(await Patch($"/api/v1/pipelines/{id}", new { archived = false }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        var client = await CreateClient();
        var problem = await ExpectProblem(await Post("/api/v1/deals", new { clientId = Id(client), title = "T", amount = 1, product = "auto", pipelineId = id }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "pipelineId").Should().ContainSingle().Which.Should().Contain("archived");

        (await Http.DeleteAsync($"/api/v1/pipelines/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync($"/api/v1/pipelines/{id}"), HttpStatusCode.NotFound, "not_found");
        (await Pipeline())["order"]!.GetValue<int>().Should().Be(1, "the gap closes");
    }

    [Fact]
    public async Task The_won_and_lost_stages_cannot_be_renamed_or_deleted_but_take_triggers()
    {
        var problem = await ExpectProblem(await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{WonStage}", new { name = "Выдано" }, null), HttpStatusCode.Conflict, "system_stage_protected");
        problem["detail"]!.GetValue<string>().Should().Contain("won");
        await ExpectProblem(await Http.DeleteAsync($"/api/v1/pipelines/{DefaultPipeline}/stages/{LostStage}"), HttpStatusCode.Conflict, "system_stage_protected");

        var changed = await ExpectJson(
            await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{WonStage}", new { name = "Успешно реализовано", triggers = new[] { new { kind = "notify" } } }, null),
            HttpStatusCode.OK);
        changed["triggers"]!.AsArray().Single()!["recipient"]!.GetValue<string>().Should().Be("responsible");
        StageIds(await Pipeline()).Should().Equal(DefaultStages);
    }

    [Fact]
    public async Task Stages_are_reordered_by_the_full_list_of_working_stages()
    {
        var reversed = DefaultStages.Take(4).Reverse().ToArray();

        var pipeline = await ExpectJson(await Send(HttpMethod.Put, $"/api/v1/pipelines/{DefaultPipeline}/stage-order", Json(new { stageIds = reversed })), HttpStatusCode.OK);

        StageIds(pipeline).Should().Equal([.. reversed, WonStage, LostStage]);
        pipeline["stages"]!.AsArray().Select(s => s!["order"]!.GetValue<int>()).Should().Equal(1, 2, 3, 4, 5, 6);
    }

    public static TheoryData<string> InvalidOrders() => new()
    {
        "missing",
        "duplicate",
        "system",
        "unknown",
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task Any_other_list_is_a_field_error_and_changes_nothing(string kind)
    {
        string[] ids = kind switch
        {
            "missing" => DefaultStages[..3],
            "duplicate" => [DefaultStages[0], DefaultStages[0], DefaultStages[1], DefaultStages[2]],
            "system" => DefaultStages[..5],
            _ => [.. DefaultStages[..3], Guid.NewGuid().ToString()],
        };

        var problem = await ExpectProblem(
            await Send(HttpMethod.Put, $"/api/v1/pipelines/{DefaultPipeline}/stage-order", Json(new { stageIds = ids })), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, "stageIds").Should().ContainSingle();
        StageIds(await Pipeline()).Should().Equal(DefaultStages);
    }

    [Fact]
    public async Task Deleting_a_stage_with_deals_needs_a_stage_to_move_them_to_and_records_the_moves()
    {
        var client = await CreateClient();
        var first = await CreateDeal(Id(client), stageId: DefaultStages[1]);
        var second = await CreateDeal(Id(client), stageId: DefaultStages[1]);
        var url = $"/api/v1/pipelines/{DefaultPipeline}/stages/{DefaultStages[1]}";

        await ExpectProblem(await Http.DeleteAsync(url), HttpStatusCode.Conflict, "stage_has_deals");
        var problem = await ExpectProblem(await Http.DeleteAsync($"{url}?moveDealsTo={DefaultStages[1]}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "moveDealsTo").Should().ContainSingle();
        (await Http.DeleteAsync($"{url}?moveDealsTo={DefaultStages[3]}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        StageIds(await Pipeline()).Should().Equal(DefaultStages[0], DefaultStages[2], DefaultStages[3], WonStage, LostStage);
        foreach (var deal in new[] { first, second })
        {
            (await ExpectJson(await Http.GetAsync($"/api/v1/deals/{Id(deal)}"), HttpStatusCode.OK))["stageId"]!.GetValue<string>().Should().Be(DefaultStages[3]);
            var last = (await History(Id(deal))).Last()!;
            last["fromStageId"]!.GetValue<string>().Should().Be(DefaultStages[1]);
            last["toStageId"]!.GetValue<string>().Should().Be(DefaultStages[3]);
        }

        await ExpectProblem(await Http.DeleteAsync($"/api/v1/pipelines/{DefaultPipeline}"), HttpStatusCode.Conflict, "pipeline_has_deals");
    }

    [Fact]
    public async Task Triggers_are_checked_field_by_field()
    {
        var response = await Post($"/api/v1/pipelines/{DefaultPipeline}/stages", new
        {
            name = "Проверка",
            triggers = new object[]
            {
                new { kind = "create_task", dueInHours = 2 },
                new { kind = "set_lead_status", leadStatus = "no_such_status" },
                new { kind = "notify", recipient = "user" },
                new { kind = "notify", leadStatus = "new" },
            },
        });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("triggers[0].title", "triggers[1].leadStatus", "triggers[2].userId", "triggers[3].leadStatus");
        StageIds(await Pipeline()).Should().Equal(DefaultStages);
    }

    [Fact]
    public async Task Pipeline_changes_are_audited()
    {
        var created = await ExpectJson(await Post("/api/v1/pipelines", new { name = "Автокредит" }), HttpStatusCode.Created);
        await AddStage("Заявка", pipelineId: Id(created));

        var events = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?limit=50"), HttpStatusCode.OK);
        var types = events["items"]!.AsArray().Select(e => e!["entityType"]?.GetValue<string>()).ToList();
        types.Should().Contain("pipeline").And.Contain("pipeline_stage");
    }
}

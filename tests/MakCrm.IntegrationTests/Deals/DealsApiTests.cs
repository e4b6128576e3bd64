using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Deals;

public sealed class DealsApiTests(ApiServerFixture server) : DealTest(server)
{
    [Fact]
    public async Task A_deal_is_created_read_changed_with_If_Match_and_deleted()
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));

        var response = await Post("/api/v1/deals", new { clientId = Id(client), leadId = Id(lead), title = "  Ипотека  ", amount = 4_200_000.50m, product = "mortgage" });
        var deal = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/deals/{Id(deal)}");
        ETagOf(response).Should().Be("\"1\"");
        deal["title"]!.GetValue<string>().Should().Be("Ипотека");
        deal["amount"]!.GetValue<decimal>().Should().Be(4_200_000.50m);
        deal["pipelineId"]!.GetValue<string>().Should().Be(DefaultPipeline);
        deal["stageId"]!.GetValue<string>().Should().Be(DefaultStages[0], "without a stage a deal starts in the first working stage of the first pipeline");
        deal["closedAt"].Should().BeNull();
        deal["organizationId"]!.GetValue<string>().Should().Be(MakCrm.Domain.Organizations.Organization.HeadOfficeId.ToString());

        var url = $"/api/v1/deals/{Id(deal)}";
        await ExpectProblem(await Patch(url, new { bank = "ВТБ" }, null), HttpStatusCode.PreconditionRequired, "precondition_required");
        var updated = await Patch(url, new { bank = "ВТБ", leadId = (string?)null }, "\"1\"");
        var body = await ExpectJson(updated, HttpStatusCode.OK);
        ETagOf(updated).Should().Be("\"2\"");
        body["bank"]!.GetValue<string>().Should().Be("ВТБ");
        body["leadId"].Should().BeNull();
        await ExpectProblem(await Patch(url, new { bank = "Альфа" }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");

        var list = await ExpectJson(await Http.GetAsync($"/api/v1/deals?clientId={Id(client)}&stageId={DefaultStages[0]}"), HttpStatusCode.OK);
        list["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(deal));

        (await Http.DeleteAsync(url)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync(url), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_list_filters_and_pages_with_a_cursor()
    {
        var client = await CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Id(await CreateDeal(Id(client), stageId: i % 2 == 0 ? DefaultStages[0] : DefaultStages[1], amount: 1000m + i)));
        }

        (await ListAllIds("/api/v1/deals?sort=amount", 2)).Should().Equal(ids);
        (await ListAllIds($"/api/v1/deals?stageId={DefaultStages[1]}", 1)).Should().BeEquivalentTo([ids[1], ids[3]]);
        (await ListAllIds($"/api/v1/deals?pipelineId={Guid.NewGuid()}", 10)).Should().BeEmpty();
        await ExpectProblem(await Http.GetAsync("/api/v1/deals?sort=title"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Invalid_links_and_fields_are_field_errors()
    {
        var client = await CreateClient();
        var otherClient = await CreateClient();
        var otherLead = await CreateLead(Id(otherClient));

        async Task Expect(object body, string field)
        {
            var problem = await ExpectProblem(await Post("/api/v1/deals", body), HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, field).Should().NotBeEmpty("{0} is invalid", field);
        }

        await Expect(new { clientId = Guid.NewGuid(), title = "T", amount = 1, product = "auto" }, "clientId");
        await Expect(new { clientId = Id(client), leadId = Id(otherLead), title = "T", amount = 1, product = "auto" }, "leadId");
        await Expect(new { clientId = Id(client), title = "T", amount = 0, product = "auto" }, "amount");
        await Expect(new { clientId = Id(client), title = " ", amount = 1, product = "auto" }, "title");
        await Expect(new { clientId = Id(client), title = "T", amount = 1, product = "yacht" }, "product");
        await Expect(new { clientId = Id(client), title = "T", amount = 1, product = "auto", stageId = Guid.NewGuid() }, "stageId");
        await Expect(new { clientId = Id(client), title = "T", amount = 1, product = "auto", responsibleUserId = Guid.NewGuid() }, "responsibleUserId");
        await Expect(new { clientId = Id(client), title = "T", amount = 1, product = "auto", stage = "x" }, "stage");
    }

    [Fact]
    public async Task A_deal_has_an_expected_close_date_and_its_own_probability_within_their_ranges()
    {
        var client = await CreateClient();
        var created = await Post("/api/v1/deals", new
        {
            clientId = Id(client), title = "Ипотека", amount = 1_000_000, product = "mortgage",
            expectedCloseDate = "2027-03-15", probability = 35,
        });
        var deal = await ExpectJson(created, HttpStatusCode.Created);
        deal["expectedCloseDate"]!.GetValue<string>().Should().Be("2027-03-15");
        deal["probability"]!.GetValue<int>().Should().Be(35);
        var plain = await CreateDeal(Id(client));
        plain["expectedCloseDate"].Should().BeNull("a deal without one has none");
        plain["probability"].Should().BeNull("the stage's win probability applies");

        var url = $"/api/v1/deals/{Id(deal)}";
        var patch = new { expectedCloseDate = "2027-04-01", probability = (int?)null };
        var moved = await ExpectJson(await Patch(url, patch, "\"1\""), HttpStatusCode.OK);
        moved["expectedCloseDate"]!.GetValue<string>().Should().Be("2027-04-01");
        moved["probability"].Should().BeNull("null clears the deal's own probability");
        var read = await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK);
        read["expectedCloseDate"]!.GetValue<string>().Should().Be("2027-04-01");
        read["version"]!.GetValue<int>().Should().Be(2);
        var listed = await ExpectJson(
            await Http.GetAsync($"/api/v1/deals?clientId={Id(client)}&sort=amount"), HttpStatusCode.OK);
        listed["items"]!.AsArray().Select(i => i!["expectedCloseDate"]?.GetValue<string>())
            .Should().Contain("2027-04-01");

        async Task ExpectInvalid(HttpResponseMessage response, string field)
        {
            var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, field).Should().NotBeEmpty("{0} is out of its range", field);
        }

        var body = new { clientId = Id(client), title = "T", amount = 1, product = "auto" };
        var (c, t, a, p) = (body.clientId, body.title, body.amount, body.product);
        await ExpectInvalid(
            await Post("/api/v1/deals", new { clientId = c, title = t, amount = a, product = p, probability = 101 }),
            "probability");
        await ExpectInvalid(
            await Post("/api/v1/deals", new { clientId = c, title = t, amount = a, product = p, probability = -1 }),
            "probability");
        var early = new { clientId = c, title = t, amount = a, product = p, expectedCloseDate = "1999-12-31" };
        await ExpectInvalid(await Post("/api/v1/deals", early), "expectedCloseDate");
        await ExpectInvalid(await Patch(url, new { probability = 150 }, "\"2\""), "probability");
        await ExpectInvalid(await Patch(url, new { expectedCloseDate = "2101-01-01" }, "\"2\""), "expectedCloseDate");
        var unchanged = await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK);
        unchanged["version"]!.GetValue<int>().Should().Be(2, "a refused patch changes nothing");
    }

    [Fact]
    public async Task Moves_are_recorded_and_the_won_stage_closes_the_deal()
    {
        var client = await CreateClient();
        var deal = await CreateDeal(Id(client));
        var id = Id(deal);

        (await ExpectJson(await Move(id, DefaultStages[2]), HttpStatusCode.OK))["closedAt"].Should().BeNull();
        var won = await ExpectJson(await Move(id, WonStage), HttpStatusCode.OK);
        won["stageId"]!.GetValue<string>().Should().Be(WonStage);
        won["closedAt"].Should().NotBeNull();
        var same = await Move(id, WonStage);
        ETagOf(same).Should().Be("\"3\"", "moving into the stage the deal is in changes nothing");
        (await ExpectJson(await Move(id, DefaultStages[3]), HttpStatusCode.OK))["closedAt"].Should().BeNull("leaving the won stage reopens the deal");

        var history = await History(id);
        history.Select(h => (h!["fromStageId"]?.GetValue<string>(), h["toStageId"]!.GetValue<string>())).Should().Equal(
            (null, DefaultStages[0]), (DefaultStages[0], DefaultStages[2]), (DefaultStages[2], WonStage), (WonStage, DefaultStages[3]));
        history[1]!["actor"]!["userId"]!.GetValue<string>().Should().Be((await UserId(TestActor.Admin)).ToString());

        var problem = await ExpectProblem(await Move(id, Guid.NewGuid().ToString()), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "stageId").Should().ContainSingle();
        await ExpectProblem(await Send(HttpMethod.Post, $"/api/v1/deals/{id}/moves", Json(new { stageId = WonStage }), ifMatch: "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task A_create_task_trigger_gives_the_responsible_user_a_task_on_the_deal()
    {
        var employee = await UserId(TestActor.Employee);
        await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{DefaultStages[1]}",
            new { triggers = new[] { new { kind = "create_task", title = "Собрать документы", dueInHours = 48 } } }, null);
        var deal = await CreateDeal(Id(await CreateClient()), responsible: employee);

        await ExpectJson(await Move(Id(deal), DefaultStages[1]), HttpStatusCode.OK);

        var tasks = await ExpectJson(await Http.GetAsync($"/api/v1/tasks?subjectType=deal&subjectId={Id(deal)}"), HttpStatusCode.OK);
        var task = tasks["items"]!.AsArray().Single()!;
        task["title"]!.GetValue<string>().Should().Be("Собрать документы");
        task["assigneeUserId"]!.GetValue<string>().Should().Be(employee.ToString());
        task["dueAt"]!.GetValue<DateTimeOffset>().Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(48), TimeSpan.FromMinutes(1));
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        (await Notifications(employeeHttp)).Select(n => n!["kind"]!.GetValue<string>()).Should().Equal("task_assigned");
    }

    [Fact]
    public async Task A_notify_trigger_notifies_a_fixed_user()
    {
        var alpha = await UserId(TestActor.PartnerAlpha);
        var stage = await ExpectJson(
            await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{WonStage}",
                new { triggers = new[] { new { kind = "notify", recipient = "user", userId = alpha, title = "Кредит выдан" } } }, null),
            HttpStatusCode.OK);
        var named = stage["triggers"]![0]!["user"]!;
        (named["id"]!.GetValue<Guid>(), named["displayName"]!.GetValue<string>()).Should().Be((alpha, TestActor.PartnerAlpha.Email()));
        var listed = (await ExpectJson(await Http.GetAsync("/api/v1/pipelines"), HttpStatusCode.OK))["items"]!.AsArray()
            .SelectMany(p => p!["stages"]!.AsArray()).Single(s => s!["id"]!.GetValue<string>() == WonStage.ToString())!;
        listed["triggers"]![0]!["user"]!["displayName"]!.GetValue<string>().Should().Be(TestActor.PartnerAlpha.Email(), "a list names the recipient too");
        var deal = await CreateDeal(Id(await CreateClient()));

        await ExpectJson(await Move(Id(deal), WonStage), HttpStatusCode.OK);

        using var alphaHttp = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var notification = (await Notifications(alphaHttp)).Single()!;
        notification["kind"]!.GetValue<string>().Should().Be("stage_trigger");
        notification["title"]!.GetValue<string>().Should().Be("Кредит выдан");
        notification["subjectType"]!.GetValue<string>().Should().Be("deal");
        notification["subjectId"]!.GetValue<string>().Should().Be(Id(deal));
    }

    [Fact]
    public async Task A_set_lead_status_trigger_moves_the_lead_through_its_own_rules_and_history()
    {
        await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{DefaultStages[1]}",
            new { triggers = new[] { new { kind = "set_lead_status", leadStatus = "in_progress" } } }, null);
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));
        var deal = await CreateDeal(Id(client), leadId: Id(lead));

        await ExpectJson(await Move(Id(deal), DefaultStages[1]), HttpStatusCode.OK);

        (await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}"), HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("in_progress");
        var timeline = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}/timeline"), HttpStatusCode.OK);
        timeline["items"]!.AsArray().Should().Contain(i => i!["change"]!["field"]!.GetValue<string>() == "status"
            && i["change"]!["from"]!.GetValue<string>() == "new" && i["change"]!["to"]!.GetValue<string>() == "in_progress");
    }

    [Fact]
    public async Task A_refused_lead_status_change_rolls_the_whole_move_back()
    {
        var employee = await UserId(TestActor.Employee);
        await Patch($"/api/v1/pipelines/{DefaultPipeline}/stages/{WonStage}", new
        {
            triggers = new object[]
            {
                new { kind = "create_task", title = "Поздравить клиента", dueInHours = 1 },
                new { kind = "set_lead_status", leadStatus = "issued" },
            },
        }, null);
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));
        var deal = await CreateDeal(Id(client), leadId: Id(lead), responsible: employee);

        var problem = await ExpectProblem(await Move(Id(deal), WonStage), HttpStatusCode.Conflict, "lead_status_transition_not_allowed");

        problem["currentStatus"]!.GetValue<string>().Should().Be("new");
        var after = await ExpectJson(await Http.GetAsync($"/api/v1/deals/{Id(deal)}"), HttpStatusCode.OK);
        after["stageId"]!.GetValue<string>().Should().Be(DefaultStages[0]);
        after["closedAt"].Should().BeNull();
        (await History(Id(deal))).Should().HaveCount(1);
        var tasks = await ExpectJson(await Http.GetAsync($"/api/v1/tasks?subjectType=deal&subjectId={Id(deal)}"), HttpStatusCode.OK);
        tasks["items"]!.AsArray().Should().BeEmpty("the task of the first trigger was rolled back with the move");
        (await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}"), HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("new");
    }

    [Fact]
    public async Task Another_organizations_deal_does_not_exist_and_tasks_can_be_about_deals()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await ExpectJson(await alpha.PostAsync("/api/v1/clients", new StringContent(Json(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" }), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        var deal = await ExpectJson(await alpha.PostAsync("/api/v1/deals", new StringContent(Json(new { clientId = Id(client), title = "Авто", amount = 900000, product = "auto" }), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created);

        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await beta.GetAsync($"/api/v1/deals/{Id(deal)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.GetAsync($"/api/v1/deals/{Id(deal)}/stage-history"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.PostAsync($"/api/v1/deals/{Id(deal)}/moves", new StringContent(Json(new { stageId = WonStage }), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.NotFound, "not_found");
        var betaTask = await beta.PostAsync("/api/v1/tasks", new StringContent(Json(new { subjectType = "deal", subjectId = Id(deal), title = "T", dueAt = In(TimeSpan.FromDays(1)) }), System.Text.Encoding.UTF8, "application/json"));
        FieldErrors(await ExpectProblem(betaTask, HttpStatusCode.BadRequest, "validation_failed"), "subjectId").Should().ContainSingle();

        var task = await CreateTask(alpha, new { subjectType = "deal", subjectId = Id(deal), title = "Позвонить", dueAt = In(TimeSpan.FromDays(1)) });
        task["subjectType"]!.GetValue<string>().Should().Be("deal");
    }

    [Fact]
    public async Task Deals_are_audited()
    {
        var deal = await CreateDeal(Id(await CreateClient()));
        await Move(Id(deal), DefaultStages[1]);

        var events = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?limit=50"), HttpStatusCode.OK);
        events["items"]!.AsArray().Where(e => e!["entityType"]?.GetValue<string>() == "deal" && e["entityId"]!.GetValue<string>() == Id(deal))
            .Select(e => e!["action"]!.GetValue<string>()).Should().HaveCount(2);
    }
}

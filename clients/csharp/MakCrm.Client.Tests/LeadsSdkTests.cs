using System.Net.Http.Headers;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The lead operations through the SDK, against the real API on a loopback port.</summary>
public sealed class LeadsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Create_starts_in_status_new_and_get_returns_the_same_lead_and_ETag()
    {
        var client = await CreateClientAsync();

        var created = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 2_500_000.50m,
                Product = LoanProduct.Mortgage,
                Comment = "Вторичное жильё, первый взнос 20%",
            }
        );

        created.StatusCode.Should().Be(201);
        created.ETag.Should().MatchRegex("^\"[^\"]+\"$");
        created.Location.Should().EndWith($"/api/v1/leads/{created.Result.Id}");
        created
            .Result.Should()
            .BeEquivalentTo(
                new
                {
                    ClientId = client.Id,
                    RequestedAmount = 2_500_000.50m,
                    Product = LoanProduct.Mortgage,
                    Comment = "Вторичное жильё, первый взнос 20%",
                    Status = "new",
                    ResponsibleUserId = (Guid?)null,
                    OrganizationId = MakCrm.Domain.Organizations.Organization.HeadOfficeId,
                }
            );

        var read = await Api.GetLeadAsync(created.Result.Id);

        read.ETag.Should().Be(created.ETag);
        read.Result.Should()
            .BeEquivalentTo(
                created.Result,
                options =>
                    options
                        .Using<DateTimeOffset>(ctx =>
                            ctx.Subject.Should().BeCloseTo(ctx.Expectation, TimeSpan.FromMilliseconds(1))
                        )
                        .WhenTypeIs<DateTimeOffset>()
            );
    }

    [Fact]
    public async Task Create_takes_an_initial_status_and_a_responsible_manager()
    {
        var client = await CreateClientAsync();
        var manager = await Server.UserIdAsync(TestActor.Employee);

        var created = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 300_000m,
                Product = LoanProduct.Auto,
                Status = "from_partner",
                ResponsibleUserId = manager,
            }
        );

        created.Result.Status.Should().Be("from_partner");
        created.Result.ResponsibleUserId.Should().Be(manager);
        created.Result.Comment.Should().BeNull();
    }

    [Fact]
    public async Task Create_rejects_invalid_amounts_with_the_field_error()
    {
        var client = await CreateClientAsync();

        foreach (var amount in new[] { 0m, -1m, 1.234m, 1_000_000_000.01m })
        {
            var problem = await Expect.ProblemAsync(
                () =>
                    Api.CreateLeadAsync(
                        new CreateLeadRequest
                        {
                            ClientId = client.Id,
                            RequestedAmount = amount,
                            Product = LoanProduct.Consumer,
                        }
                    ),
                400,
                "validation_failed"
            );
            problem.Errors.Should().ContainKey("requestedAmount", "{0} is not a valid amount", amount);
        }
    }

    [Fact]
    public async Task Create_for_an_unknown_client_is_rejected_with_the_field_error()
    {
        var problem = await Expect.ProblemAsync(
            () =>
                Api.CreateLeadAsync(
                    new CreateLeadRequest
                    {
                        ClientId = Guid.NewGuid(),
                        RequestedAmount = 1000m,
                        Product = LoanProduct.Business,
                    }
                ),
            400,
            "validation_failed"
        );

        problem.Errors.Should().ContainKey("clientId");
    }

    [Fact]
    public async Task Get_of_an_unknown_lead_is_404_not_found()
    {
        await Expect.ProblemAsync(() => Api.GetLeadAsync(Guid.NewGuid()), 404, "not_found");
    }

    [Fact]
    public async Task Update_with_the_current_ETag_changes_only_the_fields_sent_and_a_stale_ETag_is_412()
    {
        var client = await CreateClientAsync();
        var created = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 1_000_000m,
                Product = LoanProduct.Mortgage,
                Comment = "Позвонить вечером",
            }
        );

        var updated = await Api.UpdateLeadAsync(
            created.Result.Id,
            created.ETag!,
            new UpdateLeadRequest { Status = "in_progress", RequestedAmount = 1_250_000.75m }
        );

        updated.StatusCode.Should().Be(200);
        updated.ETag.Should().NotBeNull().And.NotBe(created.ETag);
        updated
            .Result.Should()
            .BeEquivalentTo(
                new
                {
                    Status = "in_progress",
                    RequestedAmount = 1_250_000.75m,
                    Product = LoanProduct.Mortgage,
                    Comment = "Позвонить вечером",
                    ClientId = client.Id,
                }
            );

        var problem = await Expect.ProblemAsync(
            () => Api.UpdateLeadAsync(created.Result.Id, created.ETag!, new UpdateLeadRequest { Status = "rejected" }),
            412,
            "precondition_failed"
        );
        problem.Detail.Should().NotBeNullOrWhiteSpace();

        var current = await Api.GetLeadAsync(created.Result.Id);
        current.Result.Status.Should().Be("in_progress", "a rejected change is not applied");
        current.ETag.Should().Be(updated.ETag);
    }

    [Fact]
    public async Task Update_assigns_and_clears_the_responsible_manager_and_clears_the_comment()
    {
        var client = await CreateClientAsync();
        var manager = await Server.UserIdAsync(TestActor.Employee);
        var created = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 50_000m,
                Product = LoanProduct.Consumer,
                Comment = "Срочно",
            }
        );

        var assigned = await Api.UpdateLeadAsync(
            created.Result.Id,
            created.ETag!,
            new UpdateLeadRequest { ResponsibleUserId = manager, Product = LoanProduct.Refinancing }
        );
        assigned.Result.ResponsibleUserId.Should().Be(manager);
        assigned.Result.Product.Should().Be(LoanProduct.Refinancing);
        assigned.Result.Comment.Should().Be("Срочно");

        var unchanged = await Api.UpdateLeadAsync(
            created.Result.Id,
            assigned.ETag!,
            new UpdateLeadRequest { Comment = "" }
        );
        unchanged.Result.Comment.Should().BeNull("an empty string clears the comment");
        unchanged.Result.ResponsibleUserId.Should().Be(manager, "an absent field stays as it is");

        var unassigned = await Api.UpdateLeadAsync(
            created.Result.Id,
            unchanged.ETag!,
            new UpdateLeadRequest { ClearResponsibleUserId = true }
        );
        unassigned.Result.ResponsibleUserId.Should().BeNull();
        unassigned.Result.Product.Should().Be(LoanProduct.Refinancing);
    }

    [Fact]
    public async Task Update_with_an_invalid_field_is_400_and_of_an_unknown_lead_is_404()
    {
        var client = await CreateClientAsync();
        var created = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 10_000m,
                Product = LoanProduct.Auto,
            }
        );

        var invalidAmount = await Expect.ProblemAsync(
            () =>
                Api.UpdateLeadAsync(created.Result.Id, created.ETag!, new UpdateLeadRequest { RequestedAmount = -5m }),
            400,
            "validation_failed"
        );
        invalidAmount.Errors.Should().ContainKey("requestedAmount");

        // The typed Status cannot hold a value outside the contract, so an unknown status goes around the SDK.
        using var unknownStatus = await PatchAroundTheSdkAsync(
            $"api/v1/leads/{created.Result.Id}",
            created.ETag!,
            """{"status":"sold"}"""
        );
        var invalidStatus = await Expect.ProblemAsync(unknownStatus, 400, "validation_failed");
        invalidStatus.Errors.Should().ContainKey("status");

        await Expect.ProblemAsync(
            () => Api.UpdateLeadAsync(Guid.NewGuid(), "\"1\"", new UpdateLeadRequest { Comment = "x" }),
            404,
            "not_found"
        );
    }

    [Fact]
    public async Task Update_rejects_null_for_the_fields_that_cannot_be_cleared()
    {
        // The SDK leaves null properties out (they mean "unchanged"), so an explicit null goes around it.
        var client = await CreateClientAsync();
        var created = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 10_000m,
                Product = LoanProduct.Auto,
                Status = "in_progress",
            }
        );

        foreach (var field in new[] { "requestedAmount", "product", "status" })
        {
            using var response = await PatchAroundTheSdkAsync(
                $"api/v1/leads/{created.Result.Id}",
                created.ETag!,
                $$"""{"{{field}}":null}"""
            );
            var problem = await Expect.ProblemAsync(response, 400, "validation_failed");
            problem.Errors.Should().ContainKey(field, "{0} cannot be cleared", field);
        }

        var current = await Api.GetLeadAsync(created.Result.Id);
        current.ETag.Should().Be(created.ETag, "a rejected change is not applied");
        current
            .Result.Should()
            .BeEquivalentTo(
                new
                {
                    RequestedAmount = 10_000m,
                    Product = LoanProduct.Auto,
                    Status = "in_progress",
                }
            );
    }

    [Fact]
    public async Task A_list_asked_with_withTotal_counts_every_lead_its_filters_match()
    {
        var client = await CreateClientAsync();
        foreach (var amount in new[] { 100m, 200m, 300m })
        {
            await Api.CreateLeadAsync(
                new CreateLeadRequest
                {
                    ClientId = client.Id,
                    RequestedAmount = amount,
                    Product = LoanProduct.Auto,
                }
            );
        }

        var counted = await Api.ListLeadsAsync(clientId: client.Id, limit: 1, withTotal: true);
        counted.Result.Items.Should().HaveCount(1);
        counted.Result.Total.Should().BeEquivalentTo(new { Count = 3, Exact = true });
        var filtered = await Api.ListLeadsAsync(clientId: client.Id, amountMin: 200m, withTotal: true);
        filtered.Result.Total!.Count.Should().Be(2);
        (await Api.ListLeadsAsync(clientId: client.Id, limit: 1)).Result.Total.Should().BeNull();
    }

    [Fact]
    public async Task Delete_removes_the_lead_from_reads_and_lists_and_honours_If_Match()
    {
        var client = await CreateClientAsync();
        var kept = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 10_000m,
                Product = LoanProduct.Auto,
            }
        );
        var doomed = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = client.Id,
                RequestedAmount = 20_000m,
                Product = LoanProduct.Auto,
            }
        );
        var changed = await Api.UpdateLeadAsync(
            doomed.Result.Id,
            doomed.ETag!,
            new UpdateLeadRequest { Comment = "изменён" }
        );

        await Expect.ProblemAsync(() => Api.DeleteLeadAsync(doomed.Result.Id, doomed.ETag), 412, "precondition_failed");

        (await Api.DeleteLeadAsync(doomed.Result.Id, changed.ETag)).StatusCode.Should().Be(204);

        await Expect.ProblemAsync(() => Api.GetLeadAsync(doomed.Result.Id), 404, "not_found");
        await Expect.ProblemAsync(() => Api.DeleteLeadAsync(doomed.Result.Id), 404, "not_found");
        await Expect.ProblemAsync(() => Api.DeleteLeadAsync(doomed.Result.Id, changed.ETag), 404, "not_found");
        await Expect.ProblemAsync(
            () => Api.UpdateLeadAsync(doomed.Result.Id, "*", new UpdateLeadRequest { Comment = "воскрешён" }),
            404,
            "not_found"
        );
        (await Api.ListLeadsAsync()).Result.Items.Select(l => l.Id).Should().Equal([kept.Result.Id]);
        (await Api.ListLeadsAsync(q: "изменён")).Result.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task List_filters_by_every_field()
    {
        var manager = await Server.UserIdAsync(TestActor.Employee);
        var anna = await CreateClientAsync("Андреева Анна", "+79160001122");
        var boris = await CreateClientAsync("Борисов Борис", "+79035556677");
        var l1 = await CreateLeadAsync(anna.Id, 100_000m, LoanProduct.Mortgage, "new", "первый взнос готов", manager);
        var l2 = await CreateLeadAsync(anna.Id, 500_000m, LoanProduct.Consumer, "in_progress");
        var l3 = await CreateLeadAsync(boris.Id, 2_500_000m, LoanProduct.Auto, "approved", responsibleUserId: manager);
        var l4 = await CreateLeadAsync(boris.Id, 750_000.50m, LoanProduct.Mortgage, "rejected");
        var l3CreatedAt = (await Api.GetLeadAsync(l3)).Result.CreatedAt;

        (await Ids(clientId: anna.Id)).Should().BeEquivalentTo([l1, l2]);
        (await Ids(status: ["in_progress", "approved"])).Should().BeEquivalentTo([l2, l3]);
        (await Ids(status: ["returned"])).Should().BeEmpty();
        (await Ids(product: LoanProduct.Mortgage)).Should().BeEquivalentTo([l1, l4]);
        (await Ids(responsibleUserId: manager)).Should().BeEquivalentTo([l1, l3]);
        (await Ids(amountMin: 500_000m, amountMax: 2_500_000m))
            .Should()
            .BeEquivalentTo([l2, l3, l4], "the amount bounds are inclusive");
        (await Ids(amountMin: 750_000.51m)).Should().BeEquivalentTo([l3]);
        (await Ids(createdFrom: l3CreatedAt)).Should().BeEquivalentTo([l3, l4], "createdFrom is inclusive");
        (await Ids(createdTo: l3CreatedAt)).Should().BeEquivalentTo([l1, l2], "createdTo is exclusive");
        (await Ids(clientId: boris.Id, product: LoanProduct.Mortgage)).Should().BeEquivalentTo([l4]);
        (await Ids(q: "ВЗНОС")).Should().BeEquivalentTo([l1], "q searches the comment");
        (await Ids(q: "борисов")).Should().BeEquivalentTo([l3, l4], "q searches the client's name");
        (await Ids(q: "8 (903) 555"))
            .Should()
            .BeEquivalentTo([l3, l4], "q finds the client's phone in another spelling");

        (await Ids(sort: LeadSort.RequestedAmount)).Should().Equal(l1, l2, l4, l3);
        (await Ids(sort: LeadSort.RequestedAmountDescending)).Should().Equal(l3, l4, l2, l1);
        (await Ids()).Should().Equal(l4, l3, l2, l1);

        async Task<IEnumerable<Guid>> Ids(
            string? q = null,
            Guid? clientId = null,
            IEnumerable<string>? status = null,
            LoanProduct? product = null,
            Guid? responsibleUserId = null,
            decimal? amountMin = null,
            decimal? amountMax = null,
            DateTimeOffset? createdFrom = null,
            DateTimeOffset? createdTo = null,
            LeadSort? sort = null
        ) =>
            (
                await Api.ListLeadsAsync(
                    q,
                    clientId,
                    status,
                    product,
                    responsibleUserId,
                    amountMin,
                    amountMax,
                    createdFrom,
                    createdTo,
                    sort
                )
            ).Result.Items.Select(l => l.Id);
    }

    [Fact]
    public async Task List_pages_through_equal_amounts_without_losing_or_repeating_a_lead()
    {
        var client = await CreateClientAsync();
        var ids = new List<Guid>();
        foreach (var amount in new[] { 200m, 100m, 200m, 300m, 200m })
        {
            ids.Add(await CreateLeadAsync(client.Id, amount, LoanProduct.Consumer, "new"));
        }

        var seen = new List<Lead>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (
                await Api.ListLeadsAsync(sort: LeadSort.RequestedAmountDescending, cursor: cursor, limit: 2)
            ).Result;
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
            pages.Should().BeLessThan(10, "the cursor must end");
        } while (cursor is not null);

        pages.Should().Be(3);
        seen.Select(l => l.Id).Should().BeEquivalentTo(ids).And.OnlyHaveUniqueItems();
        seen.Select(l => l.RequestedAmount).Should().BeInDescendingOrder();

        await Expect.ProblemAsync(() => Api.ListLeadsAsync(cursor: "bm9wZQ"), 400, "invalid_cursor");
    }

    private async Task<HttpResponseMessage> PatchAroundTheSdkAsync(string path, string ifMatch, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(json, new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await Http.SendAsync(request);
    }

    private async Task<Client> CreateClientAsync(string fullName = "Петров Пётр", string? phone = null) =>
        (await Api.CreateClientAsync(TestData.NewClient(fullName, phone))).Result;

    private async Task<Guid> CreateLeadAsync(
        Guid clientId,
        decimal amount,
        LoanProduct product,
        string status,
        string? comment = null,
        Guid? responsibleUserId = null
    )
    {
        var created = await Api.CreateLeadAsync(
            new CreateLeadRequest
            {
                ClientId = clientId,
                RequestedAmount = amount,
                Product = product,
                Status = status,
                Comment = comment,
                ResponsibleUserId = responsibleUserId,
            }
        );
        return created.Result.Id;
    }
}

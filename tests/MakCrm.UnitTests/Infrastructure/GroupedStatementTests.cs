using MakCrm.Infrastructure.Persistence;

namespace MakCrm.UnitTests.Infrastructure;

public sealed class GroupedStatementTests
{
    /// <summary>A statement that records each group it is given and runs only when the test lets it.</summary>
    private sealed class GatedStatement
    {
        private readonly Queue<TaskCompletionSource> _gates = new();

        public List<int[]> Groups { get; } = [];

        public Func<IReadOnlyList<int>, Exception?> Fail { get; set; } = _ => null;

        public TaskCompletionSource NextGate()
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gates)
            {
                _gates.Enqueue(gate);
            }

            return gate;
        }

        public async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<int> items)
        {
            TaskCompletionSource? gate;
            lock (_gates)
            {
                Groups.Add([.. items]);
                _gates.TryDequeue(out gate);
            }

            if (gate is not null)
            {
                await gate.Task;
            }

            return Fail(items) is { } failure ? throw failure : items.Select(i => $"answer {i}").ToList();
        }
    }

    [Fact]
    public async Task Items_queued_while_a_statement_runs_go_into_the_next_statement_together_each_answered_with_its_own_result()
    {
        var statement = new GatedStatement();
        var grouped = new GroupedStatement<int, string>(statement.RunAsync, maxGroup: 10);
        var firstGate = statement.NextGate();

        var first = grouped.RunAsync(1);
        await WaitUntil(() => statement.Groups.Count == 1);
        var queued = new[] { grouped.RunAsync(2), grouped.RunAsync(3), grouped.RunAsync(4) };
        firstGate.SetResult();

        (await first).Should().Be("answer 1");
        (await Task.WhenAll(queued)).Should().Equal("answer 2", "answer 3", "answer 4");
        statement.Groups.Should().BeEquivalentTo([new[] { 1 }, new[] { 2, 3, 4 }], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task A_group_holds_at_most_the_maximum_and_the_rest_follow_in_the_next()
    {
        var statement = new GatedStatement();
        var grouped = new GroupedStatement<int, string>(statement.RunAsync, maxGroup: 2);
        var firstGate = statement.NextGate();

        var first = grouped.RunAsync(1);
        await WaitUntil(() => statement.Groups.Count == 1);
        var queued = Enumerable.Range(2, 5).Select(grouped.RunAsync).ToList();
        firstGate.SetResult();

        await first;
        (await Task.WhenAll(queued)).Should().Equal("answer 2", "answer 3", "answer 4", "answer 5", "answer 6");
        statement.Groups.Should().BeEquivalentTo([new[] { 1 }, new[] { 2, 3 }, new[] { 4, 5 }, new[] { 6 }], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task A_failed_statement_fails_every_caller_of_its_group_and_the_next_group_runs()
    {
        var statement = new GatedStatement { Fail = items => items.Contains(2) ? new InvalidOperationException("the database is down") : null };
        var grouped = new GroupedStatement<int, string>(statement.RunAsync, maxGroup: 10);
        var firstGate = statement.NextGate();
        var secondGate = statement.NextGate();

        var first = grouped.RunAsync(1);
        await WaitUntil(() => statement.Groups.Count == 1);
        var failing = new[] { grouped.RunAsync(2), grouped.RunAsync(3) };
        firstGate.SetResult();
        await WaitUntil(() => statement.Groups.Count == 2);
        var after = grouped.RunAsync(4);
        secondGate.SetResult();

        (await first).Should().Be("answer 1");
        foreach (var call in failing)
        {
            await FluentActions.Awaiting(() => call).Should().ThrowAsync<InvalidOperationException>().WithMessage("the database is down");
        }

        (await after).Should().Be("answer 4");
    }

    [Fact]
    public async Task A_caller_alone_runs_its_own_statement_at_once_each_time()
    {
        var statement = new GatedStatement();
        var grouped = new GroupedStatement<int, string>(statement.RunAsync, maxGroup: 10);

        for (var i = 1; i <= 3; i++)
        {
            (await grouped.RunAsync(i)).Should().Be($"answer {i}");
        }

        statement.Groups.Should().BeEquivalentTo([new[] { 1 }, new[] { 2 }, new[] { 3 }], o => o.WithStrictOrdering());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the statement should have started");
            await Task.Delay(5);
        }
    }
}

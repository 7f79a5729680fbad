using System.Collections.Concurrent;
using HilHarness.Transport;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace HilHarness.Resilience;

/// <summary>
/// Named Polly pipelines per failure domain and board, in the order total timeout → retry with jitter →
/// per-board circuit breaker → attempt timeout. Only transient infrastructure trouble is retried (unreachable,
/// timeouts); a host-key refusal, a missing runtime or a held lease fails at once, because retrying cannot fix it.
/// </summary>
public sealed class BoardPipelines(TimeProvider timeProvider, Func<FailureDomain, DomainPolicy>? policies = null)
{
    private readonly ConcurrentDictionary<(FailureDomain, string), ResiliencePipeline> _pipelines = new();
    private readonly ConcurrentDictionary<(FailureDomain, string), string> _openedBy = new();
    private readonly Func<FailureDomain, DomainPolicy> _policies = policies ?? DomainPolicy.DefaultFor;

    public BoardPipelines() : this(TimeProvider.System) { }

    /// <summary>The pipeline for <paramref name="domain"/> on <paramref name="board"/>; each board has its own
    /// circuit breaker, so one dead board does not stop the rack.</summary>
    public ResiliencePipeline For(FailureDomain domain, string board) =>
        _pipelines.GetOrAdd((domain, board), key => Build(key.Item1, key.Item2));

    /// <summary>Runs <paramref name="operation"/> through the pipeline; Polly's own exceptions (a rejected attempt,
    /// an open circuit) come out as InfraException naming the board and domain.</summary>
    public async Task<T> ExecuteAsync<T>(FailureDomain domain, string board, Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await For(domain, board).ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new InfraException(board, InfraErrorKind.Timeout, $"{domain}: gave up after {e.Timeout.TotalSeconds:0.#} s", e);
        }
        catch (BrokenCircuitException e)
        {
            // The breaker can open inside one execution's retries; name the failure that opened it, or a person
            // reads "not tried" and never learns the board refused the connection.
            var cause = _openedBy.TryGetValue((domain, board), out var why) ? $"; last failure: {why}" : "";
            throw new InfraException(board, InfraErrorKind.Unreachable,
                $"{domain}: not tried, the board failed {_policies(domain).BreakAfterFailures} times in a row (circuit open for {_policies(domain).BreakFor.TotalSeconds:0} s){cause}", e);
        }
    }

    /// <summary>Whether an exception is worth another attempt.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        InfraException infra => infra.Kind is InfraErrorKind.Unreachable or InfraErrorKind.Timeout or InfraErrorKind.Command or InfraErrorKind.Agent,
        TimeoutRejectedException => true,
        _ => false,
    };

    private ResiliencePipeline Build(FailureDomain domain, string board)
    {
        var policy = _policies(domain);
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = domain.ToString() }.AddTimeout(policy.Total);
        if (policy.Retries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = policy.Retries,
                Delay = policy.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 1.0,
                MinimumThroughput = policy.BreakAfterFailures,
                SamplingDuration = TimeSpan.FromMinutes(10),
                BreakDuration = policy.BreakFor,
                OnOpened = args =>
                {
                    _openedBy[(domain, board)] = args.Outcome.Exception?.Message ?? "unknown";
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(policy.Attempt)
            .Build();
    }
}

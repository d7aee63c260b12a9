using Microsoft.EntityFrameworkCore;

namespace FactCheck.Data;

public sealed class FactCheckDbContext(DbContextOptions<FactCheckDbContext> options) : DbContext(options)
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleSource> ArticleSources => Set<ArticleSource>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<Passage> Passages => Set<Passage>();
    public DbSet<DocumentSnapshot> DocumentSnapshots => Set<DocumentSnapshot>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<ClaimCitation> ClaimCitations => Set<ClaimCitation>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<Verdict> Verdicts => Set<Verdict>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ClaimReviewRecord> ClaimReviews => Set<ClaimReviewRecord>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ChangeEvent> ChangeEvents => Set<ChangeEvent>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FactCheckDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as the same snake_case strings the API speaks, readable in psql and stable
        // when members are reordered.
        configurationBuilder.Properties<ArticleStatus>().HaveConversion<SnakeCaseEnumConverter<ArticleStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<FetchStatus>().HaveConversion<SnakeCaseEnumConverter<FetchStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<CitationKind>().HaveConversion<SnakeCaseEnumConverter<CitationKind>>().HaveMaxLength(32);
        configurationBuilder.Properties<Stance>().HaveConversion<SnakeCaseEnumConverter<Stance>>().HaveMaxLength(32);
        configurationBuilder.Properties<VerdictKind>().HaveConversion<SnakeCaseEnumConverter<VerdictKind>>().HaveMaxLength(32);
        configurationBuilder.Properties<WorkflowStatus>().HaveConversion<SnakeCaseEnumConverter<WorkflowStatus>>().HaveMaxLength(32);
    }
}

// The entry point is generated from top-level statements; this makes it visible to WebApplicationFactory<Program>.
public partial class Program;

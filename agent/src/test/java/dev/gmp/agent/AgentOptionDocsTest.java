package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.agent.config.AgentOption;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/agent.md has one table row per option key (DESIGN §9), with its default and its example. */
class AgentOptionDocsTest {
    @Test
    void everyKeyIsInTheDocsTable() throws Exception {
        Path docs = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("agent.md");
        if (!Files.exists(docs)) {
            docs = Path.of("docs", "agent.md");
        }
        String md = Files.readString(docs);
        for (AgentOption o : AgentOption.values()) {
            String row = "| `" + o.key() + "` | " + o.defaultValue() + " | `" + o.example() + "` |";
            assertTrue(md.contains(row), "docs/agent.md lacks the row:\n" + row);
        }
    }
}

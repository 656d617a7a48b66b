package cepheus.flinkdiffwindows;

/**
 * Flink POJO for one input event: {"id","key","merchant","amount","ts"} plus its arrival index
 * (seq), which breaks first/last ties by arrival (LANGUAGE.md 8) whatever order Flink's window
 * state hands the elements back in (merged session state is not in arrival order).
 * amount is boxed so a missing or null amount stays null; merchant likewise.
 */
public class Event {
    public String id;
    public String key;
    public String merchant;
    public Double amount;
    public long ts;
    public int seq;

    public Event() {}

    @Override
    public String toString() {
        return id;
    }
}

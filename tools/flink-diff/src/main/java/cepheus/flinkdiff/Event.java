package cepheus.flinkdiff;

/** Flink POJO for one input event: {"id","key","name","price","ts"}. */
public class Event {
    public String id;
    public String key;
    public String name;
    public double price;
    public long ts;

    public Event() {}

    @Override
    public String toString() {
        return id;
    }
}

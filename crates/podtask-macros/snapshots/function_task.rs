#[doc = r" Processes one file."]
fn process(path: String, threshold: f64, ids: Vec<i64>) -> (String, i64) {
    (format!("{path}{threshold}"), ids.len() as i64)
}
const _: () = {
    ::podtask::__private::task! {
        fn process "process";
        run Function (_ _ _) Tuple;
        at :: core :: file ! () , :: core :: line ! () , :: core :: column ! ();
        spec "{\"container\":{\"env\":[{\"key\":\"MODE\",\"value\":\"batch\"}],\"image\":\"ghcr.io/acme/etl:v1.2.3\"},\"metadata\":{\"description\":\"Processes one file.\",\"retries\":2,\"timeoutSeconds\":3600},\"resources\":{\"limits\":[{\"name\":\"CPU\",\"value\":\"2\"},{\"name\":\"MEMORY\",\"value\":\"4Gi\"}],\"requests\":[{\"name\":\"CPU\",\"value\":\"500m\"},{\"name\":\"MEMORY\",\"value\":\"1Gi\"}]}}";
        extras [];
        in ["path" String , "threshold" f64 , "ids" Vec < i64 >];
        out ["o0" String , "o1" i64];
    }
};

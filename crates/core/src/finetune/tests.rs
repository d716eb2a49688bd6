use super::*;
use crate::catalog::capacity::{Allocation, Totals};
use crate::placement::{Demand, NodeState, Shortfall};
use crate::Error;

fn roots() -> Roots {
    Roots {
        allowed: vec![
            "/data/datasets".into(),
            "/data/models".into(),
            "/data/out".into(),
        ],
    }
}

fn fields() -> JobFields {
    JobFields {
        name: "llama-sft".into(),
        base_model: "Qwen/Qwen2-0.5B".into(),
        dataset_path: "/data/datasets/alpaca".into(),
        image_id: 1,
        spec_id: 2,
        ..JobFields::default()
    }
}

type Change = Box<dyn Fn(&mut JobFields)>;

fn field_of(r: Result<JobSpec, Error>) -> String {
    match r {
        Err(Error::Validation { field, .. }) => field,
        other => format!("not a validation error: {other:?}"),
    }
}

#[test]
fn presets_have_the_seeds_values() {
    let p = Preset::QuickTest.params();
    assert_eq!(
        (
            p.learning_rate,
            p.batch_size,
            p.num_train_epochs,
            p.max_steps
        ),
        (0.0001, 16, 1, 100)
    );
    let p = Preset::Standard.params();
    assert_eq!(
        (
            p.learning_rate,
            p.batch_size,
            p.num_train_epochs,
            p.max_steps
        ),
        (0.0002, 32, 3, -1)
    );
    let p = Preset::FullFinetune.params();
    assert_eq!(
        (
            p.learning_rate,
            p.batch_size,
            p.num_train_epochs,
            p.max_steps
        ),
        (0.00005, 64, 10, -1)
    );
}

#[test]
fn a_preset_with_overrides_validates() {
    let mut f = fields();
    f.preset = Some("quick_test".into());
    f.params.batch_size = Some(8);
    f.gpu_devices = "0-1".into();
    let s = f.validate(&roots()).unwrap();
    assert_eq!(s.preset, Preset::QuickTest);
    assert_eq!(s.params.batch_size, 8);
    assert_eq!(s.params.max_steps, 100);
    assert_eq!(s.gpu_devices, [0, 1]);
    assert_eq!(s.output_path, "");
    // No preset: standard.
    assert_eq!(
        fields().validate(&roots()).unwrap().preset,
        Preset::Standard
    );
}

#[test]
fn bad_input_names_the_field() {
    let cases: Vec<(&str, Change)> = vec![
        ("preset", Box::new(|f| f.preset = Some("turbo".into()))),
        (
            "params.learning_rate",
            Box::new(|f| f.params.learning_rate = Some(0.0)),
        ),
        (
            "params.learning_rate",
            Box::new(|f| f.params.learning_rate = Some(-0.1)),
        ),
        (
            "params.learning_rate",
            Box::new(|f| f.params.learning_rate = Some(1.0)),
        ),
        (
            "params.learning_rate",
            Box::new(|f| f.params.learning_rate = Some(f64::NAN)),
        ),
        (
            "params.batch_size",
            Box::new(|f| f.params.batch_size = Some(0)),
        ),
        (
            "params.batch_size",
            Box::new(|f| f.params.batch_size = Some(1025)),
        ),
        (
            "params.num_train_epochs",
            Box::new(|f| f.params.num_train_epochs = Some(0)),
        ),
        (
            "params.num_train_epochs",
            Box::new(|f| f.params.num_train_epochs = Some(101)),
        ),
        (
            "params.max_steps",
            Box::new(|f| f.params.max_steps = Some(0)),
        ),
        (
            "params.warmup_steps",
            Box::new(|f| f.params.warmup_steps = Some(-1)),
        ),
        (
            "params.logging_steps",
            Box::new(|f| f.params.logging_steps = Some(0)),
        ),
        (
            "dataset_path",
            Box::new(|f| f.dataset_path = "/etc/passwd".into()),
        ),
        (
            "dataset_path",
            Box::new(|f| f.dataset_path = "/data/datasets/../../etc".into()),
        ),
        (
            "dataset_path",
            Box::new(|f| f.dataset_path = "datasets/alpaca".into()),
        ),
        (
            "dataset_path",
            Box::new(|f| f.dataset_path = "/data/datasetsX/a".into()),
        ),
        ("dataset_path", Box::new(|f| f.dataset_path = String::new())),
        (
            "output_path",
            Box::new(|f| f.output_path = Some("/tmp/out".into())),
        ),
        (
            "base_model",
            Box::new(|f| f.base_model = "/root/model".into()),
        ),
        ("base_model", Box::new(|f| f.base_model = "../model".into())),
        ("base_model", Box::new(|f| f.base_model = "a/b/c".into())),
        (
            "base_model",
            Box::new(|f| f.base_model = "x; rm -rf /".into()),
        ),
        ("gpu_devices", Box::new(|f| f.gpu_devices = "0,0".into())),
        ("gpu_devices", Box::new(|f| f.gpu_devices = "2-1".into())),
        ("gpu_devices", Box::new(|f| f.gpu_devices = "a".into())),
        (
            "custom_command",
            Box::new(|f| f.custom_command = vec![" ".into()]),
        ),
        ("name", Box::new(|f| f.name = "  ".into())),
        ("image_id", Box::new(|f| f.image_id = 0)),
    ];
    for (want, change) in cases {
        let mut f = fields();
        change(&mut f);
        assert_eq!(field_of(f.validate(&roots())), want, "{f:?}");
    }
    // The bounds themselves are allowed.
    let mut f = fields();
    f.params.batch_size = Some(1024);
    f.params.num_train_epochs = Some(100);
    f.params.learning_rate = Some(0.99999);
    f.base_model = "/data/models/llama".into();
    f.output_path = Some("/data/out/run1/".into());
    let s = f.validate(&roots()).unwrap();
    assert_eq!(s.output_path, "/data/out/run1");
}

#[test]
fn gpu_lists() {
    assert_eq!(parse_gpu_list("g", "0,1").unwrap(), [0, 1]);
    assert_eq!(parse_gpu_list("g", "0-2").unwrap(), [0, 1, 2]);
    assert_eq!(parse_gpu_list("g", " 3, 0-1 ").unwrap(), [3, 0, 1]);
    assert!(parse_gpu_list("g", "").unwrap().is_empty());
    for bad in ["0,", "-1", "0-", "1-0", "0,1,1", "x", "100", "0-1-2"] {
        assert!(parse_gpu_list("g", bad).is_err(), "{bad}");
    }
}

fn node(id: i64, gpus: i64) -> NodeState {
    NodeState {
        node_id: id,
        name: format!("n{id}"),
        listed: true,
        connected: true,
        gpu_model: "A100".into(),
        totals: Totals {
            cpu_milli: 16_000,
            memory_mib: 65_536,
            system_disk_gb: 0,
            data_disk_gb: 0,
            gpu_count: gpus,
            vram_mib_per_card: 40_960,
        },
        allocations: Vec::new(),
    }
}

fn demand(split: bool) -> Demand {
    Demand {
        cpu_milli: 1000,
        memory_mib: 1024,
        gpu_model: "a100".into(),
        gpu_count: 1,
        vram_mib: if split { 10_240 } else { 40_960 },
        split,
        ..Demand::default()
    }
}

#[test]
fn asked_cards_are_granted_exactly_or_refused_by_name() {
    let mut n = node(1, 4);
    n.allocations.push(Allocation {
        cpu_milli: 1000,
        memory_mib: 1024,
        cards: vec![(1, 40_960)],
        ..Allocation::default()
    });
    let c = place(&[n.clone()], &demand(false), &[2, 3]).unwrap();
    assert_eq!(c.cards.iter().map(|g| g.index).collect::<Vec<_>>(), [2, 3]);
    assert!(c
        .cards
        .iter()
        .all(|g| g.vram_mib == 40_960 && g.sm_percent == 100));
    match place(&[n.clone()], &demand(false), &[1]) {
        Err(Refusal::Cards(m)) => assert!(m.contains("1") && m.contains("taken"), "{m}"),
        other => panic!("{other:?}"),
    }
    match place(&[n.clone()], &demand(false), &[4]) {
        Err(Refusal::Cards(m)) => assert!(m.contains("no card 4"), "{m}"),
        other => panic!("{other:?}"),
    }
    // A split slice fits beside another slice on card 1? No: card 1 is whole.
    assert!(place(&[n.clone()], &demand(true), &[1]).is_err());
    // …but two slices share a card.
    let mut m = node(2, 2);
    m.allocations.push(Allocation {
        cards: vec![(0, 10_240)],
        ..Allocation::default()
    });
    let c = place(&[m], &demand(true), &[0]).unwrap();
    assert_eq!(
        (c.cards[0].index, c.cards[0].vram_mib, c.cards[0].sm_percent),
        (0, 10_240, 25)
    );
    // Another node with the card free is taken when the first lacks it.
    let c = place(&[n.clone(), node(3, 4)], &demand(false), &[1]).unwrap();
    assert_eq!(c.node_id, 3);
    // Without a list: the instances' placement.
    assert_eq!(
        place(&[n.clone()], &demand(false), &[]).unwrap().cards[0].index,
        0
    );
    // A node that fits nothing at all: the shortfall, as for instances.
    let mut small = node(4, 4);
    small.totals.cpu_milli = 10;
    assert_eq!(
        place(&[small], &demand(false), &[0]),
        Err(Refusal::Shortfall(Shortfall::Cpu))
    );
}

#[test]
fn the_trainer_argv_and_gpu_plan() {
    let mut f = fields();
    f.preset = Some("quick_test".into());
    let s = f.validate(&roots()).unwrap();
    let out = output_dir(&s, "/data/out/", 7);
    assert_eq!(out, "/data/out/job-7");
    let argv = trainer_argv(&s, &out, &["llamafactory-cli".into(), "train".into()]);
    assert_eq!(
        argv,
        [
            "llamafactory-cli",
            "train",
            "--model_name_or_path",
            "Qwen/Qwen2-0.5B",
            "--dataset_dir",
            "/data/datasets/alpaca",
            "--output_dir",
            "/data/out/job-7",
            "--learning_rate",
            "0.0001",
            "--per_device_train_batch_size",
            "16",
            "--num_train_epochs",
            "1",
            "--max_steps",
            "100",
            "--warmup_steps",
            "0",
            "--logging_steps",
            "10",
            "--save_steps",
            "500",
        ]
    );
    // A custom command replaces it, argument for argument (no shell).
    let mut f = fields();
    f.custom_command = vec!["python3".into(), "/data/out/t.py".into(), "a b; c".into()];
    let s = f.validate(&roots()).unwrap();
    assert_eq!(
        trainer_argv(&s, &out, &["x".into()]),
        ["python3", "/data/out/t.py", "a b; c"]
    );
    // Mounts: dataset and a model path read-only, the output read-write.
    let mut f = fields();
    f.base_model = "/data/models/m".into();
    let s = f.validate(&roots()).unwrap();
    let binds: Vec<String> = mounts(&s, &out).iter().map(Mount::bind).collect();
    assert_eq!(
        binds,
        [
            "/data/datasets/alpaca:/data/datasets/alpaca:ro",
            "/data/models/m:/data/models/m:ro",
            "/data/out/job-7:/data/out/job-7:rw",
        ]
    );
    assert_eq!(visible_devices(0), None);
    assert_eq!(visible_devices(2).as_deref(), Some("0,1"));
}

#[test]
fn statuses_after_exit() {
    assert_eq!(JobStatus::after_exit(0, false), JobStatus::Completed);
    assert_eq!(JobStatus::after_exit(1, false), JobStatus::Failed);
    // SIGTERM'd (143) or SIGKILL'd (137) by a stop, or exited 0 meanwhile.
    for code in [143, 137, 0, 1] {
        assert_eq!(JobStatus::after_exit(code, true), JobStatus::Stopped);
    }
    for s in JobStatus::ALL {
        assert_eq!(JobStatus::parse(s.as_str()), Some(s));
    }
}

// Recorded from transformers 4.44 Trainer and LLaMA-Factory 0.9 runs.
const HF_TRAIN: &str =
    "{'loss': 2.3412, 'grad_norm': 1.873046875, 'learning_rate': 4.9e-05, 'epoch': 0.1}";
const HF_EVAL: &str = "{'eval_loss': 2.1, 'eval_runtime': 3.2, 'eval_samples_per_second': 31.2, 'eval_steps_per_second': 3.9, 'epoch': 0.1}";
const HF_END: &str = "{'train_runtime': 120.5, 'train_samples_per_second': 8.3, 'train_steps_per_second': 0.83, 'train_loss': 1.9, 'epoch': 1.0}";
const BAR: &str = " 12%|█▏        | 12/100 [00:05<00:40,  2.19it/s]";
const BARS: &str = "  1%|          | 1/100 [00:00<01:10,  1.4it/s]\r  2%|▏         | 2/100 [00:01<00:55,  1.8it/s]";
const EVAL_BAR: &str = " 50%|█████     | 4/8 [00:01<00:01,  3.9it/s]";
const JSONL: &str = r#"{"current_steps": 10, "total_steps": 100, "loss": 2.1, "lr": 4.5e-05, "epoch": 0.1, "percentage": 10.0, "elapsed_time": "0:00:10", "remaining_time": "0:01:30"}"#;

#[test]
fn parser_reads_recorded_lines() {
    match parse_line(HF_TRAIN) {
        Some(Parsed::Dict(d)) => {
            assert_eq!(d[0], ("loss".into(), 2.3412));
            assert_eq!(d[2], ("learning_rate".into(), 4.9e-05));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        parse_line(BAR),
        Some(Parsed::Bar {
            current: 12,
            total: 100,
            remaining: Some("00:40".into())
        })
    );
    assert!(matches!(
        parse_line(BARS),
        Some(Parsed::Bar { current: 2, .. })
    ));
    match parse_line(JSONL) {
        Some(Parsed::Jsonl(j)) => {
            assert_eq!(
                (j.current_steps, j.total_steps, j.lr),
                (10, Some(100), Some(4.5e-05))
            )
        }
        other => panic!("{other:?}"),
    }
    for ignored in [
        "",
        "Loading checkpoint shards: done",
        "{'model': 'llama'}",
        "{\"a\": 1}",
        "[INFO|trainer.py:2134] >> ***** Running training *****",
        "Epoch 1/3",
        "12/100",
        "{'loss': nan}",
        "{not a dict",
    ] {
        assert_eq!(parse_line(ignored), None, "{ignored}");
    }
}

#[test]
fn tracker_follows_a_run() {
    let params = Preset::QuickTest.params();
    let mut t = Tracker::new(&params);
    assert!(!t.feed("Running training"));
    assert!(t.feed(BAR));
    assert_eq!(t.progress, 12.0);
    assert!(t.feed(HF_TRAIN));
    assert!(t.feed(HF_EVAL));
    // An evaluation bar is shorter than the training bar: no step back.
    t.feed(EVAL_BAR);
    assert_eq!(t.progress, 12.0);
    assert_eq!(t.metrics.step, Some(12));
    assert_eq!(t.metrics.loss, Some(2.3412));
    assert_eq!(t.metrics.eval_loss, Some(2.1));
    assert_eq!(t.metrics.remaining_time.as_deref(), Some("00:40"));
    t.feed(HF_END);
    let points = t.take_points();
    // The train and eval dicts of step 12 are one point; the summary none.
    assert_eq!(points.len(), 1);
    assert_eq!(
        points[0],
        Point {
            step: 12,
            loss: Some(2.3412),
            eval_loss: Some(2.1),
            learning_rate: Some(4.9e-05),
            epoch: Some(0.1)
        }
    );
    assert!(t.take_points().is_empty());
}

#[test]
fn tracker_reads_trainer_log_once() {
    let mut t = Tracker::new(&Preset::Standard.params());
    let two = format!(
        "{JSONL}\n{}\n",
        JSONL
            .replace("\"current_steps\": 10", "\"current_steps\": 20")
            .replace("10.0", "20.0")
    );
    assert!(t.feed_jsonl_file(&two));
    assert_eq!(t.progress, 20.0);
    assert_eq!(t.metrics.remaining_time.as_deref(), Some("0:01:30"));
    assert_eq!(
        t.take_points().iter().map(|p| p.step).collect::<Vec<_>>(),
        [10, 20]
    );
    // Read again with a partial third line: nothing new.
    assert!(!t.feed_jsonl_file(&format!("{two}{{\"current_steps\": 3")));
    assert_eq!(t.jsonl_seen(), 2);
}

#[test]
fn epochs_measure_the_way_without_a_bar() {
    let mut t = Tracker::new(&Preset::Standard.params());
    t.feed("{'loss': 1.0, 'learning_rate': 1e-4, 'epoch': 1.5}");
    assert_eq!(t.progress, 50.0);
}

#[test]
fn statistics_count() {
    let mut s = Statistics::default();
    s.add(JobStatus::Running, 2);
    s.add(JobStatus::Failed, 1);
    assert_eq!((s.total, s.running, s.failed, s.completed), (3, 2, 1, 0));
}

fn base_plan(gpus: &[crate::instance::GpuGrant], split: bool) -> crate::container::ContainerPlan {
    crate::container::plan(&crate::container::PlanInput {
        install_id: "abcd",
        instance_id: 5,
        name: "ft",
        created_unix: 0,
        owner_id: 7,
        node_id: 3,
        image: "trainer:1",
        keep_alive: &[],
        cpu_milli: 2000,
        memory_mib: 4096,
        system_disk_gb: 0,
        storage_opt_supported: false,
        gpus,
        split,
        hami_core_dir: "/root/HAMi-core/build",
        shm_mib: 1024,
        pids_limit: 512,
        isolation: &crate::container::Isolation::default(),
    })
}

#[test]
fn the_job_container_pins_cards_and_sets_the_gpu_env_exactly() {
    use crate::instance::GpuGrant;
    use container::{job_plan, JobContainer};
    let mounts = [Mount {
        path: "/data/out/job-5".into(),
        read_only: false,
    }];
    let job = |base| {
        job_plan(
            base,
            &JobContainer {
                install_id: "abcd",
                job_id: 5,
                owner_id: 7,
                node_id: 3,
                argv: vec!["python3".into(), "train.py".into()],
                mounts: &mounts,
                output_dir: "/data/out/job-5",
                dataset_path: "/data/datasets/a",
                base_model: "Qwen/Qwen2-0.5B",
            },
        )
    };
    // Whole cards 2 and 3: device ids by index, positions 0,1 inside.
    let whole = [
        GpuGrant {
            index: 2,
            vram_mib: 40_960,
            sm_percent: 100,
        },
        GpuGrant {
            index: 3,
            vram_mib: 40_960,
            sm_percent: 100,
        },
    ];
    let p = job(base_plan(&whole, false));
    assert_eq!(p.name, "tianqi-abcd-ft-5");
    assert_eq!(p.gpu_device_ids, ["2", "3"]);
    assert_eq!(
        p.env,
        [
            "CUDA_VISIBLE_DEVICES=0,1",
            "TIANQI_OUTPUT_DIR=/data/out/job-5",
            "TIANQI_DATASET_PATH=/data/datasets/a",
            "TIANQI_BASE_MODEL=Qwen/Qwen2-0.5B",
            "PYTHONUNBUFFERED=1",
        ]
    );
    assert_eq!(p.binds, ["/data/out/job-5:/data/out/job-5:rw"]);
    assert_eq!(p.cmd, ["python3", "train.py"]);
    assert_eq!(p.labels[LABEL_JOB], "5");
    assert!(!p.labels.contains_key("tianqi.instance"));
    assert!(p.volumes.is_empty() && !p.restart_unless_stopped);
    assert_eq!((p.nano_cpus, p.memory_bytes), (2_000_000_000, 4096 << 20));
    // A 10 GiB slice of card 1: HAMi's environment, the lib and lock mounted.
    let split = [GpuGrant {
        index: 1,
        vram_mib: 10_240,
        sm_percent: 25,
    }];
    let p = job(base_plan(&split, true));
    assert_eq!(p.gpu_device_ids, ["1"]);
    assert_eq!(
        p.env,
        [
            "LD_PRELOAD=/libvgpu/build/libvgpu.so",
            "CUDA_REDIRECT=/libvgpu/build/libvgpu.so",
            "CUDA_DEVICE_MEMORY_LIMIT_0=10240m",
            "CUDA_DEVICE_SM_LIMIT=25",
            "CUDA_DEVICE_MEMORY_SHARED_CACHE=/tmp/tianqi-vgpu-5.cache",
            "CUDA_VISIBLE_DEVICES=0",
            "TIANQI_OUTPUT_DIR=/data/out/job-5",
            "TIANQI_DATASET_PATH=/data/datasets/a",
            "TIANQI_BASE_MODEL=Qwen/Qwen2-0.5B",
            "PYTHONUNBUFFERED=1",
        ]
    );
    assert_eq!(
        p.binds,
        [
            "/root/HAMi-core/build:/libvgpu/build:ro",
            "/tmp/vgpulock:/tmp/vgpulock:rw",
            "/data/out/job-5:/data/out/job-5:rw",
        ]
    );
    // No GPU: no CUDA variable at all.
    let p = job(base_plan(&[], false));
    assert!(p.gpu_device_ids.is_empty());
    assert!(!p.env.iter().any(|e| e.starts_with("CUDA")));
}

//! Original flat illustrations, drawn as small SVG files (800×450, < 6 KB).
//!
//! Each [`Scene`] is a simple flat picture (a conference hall, a riverside,
//! a school, ...) whose colours and details vary with the generator's seed,
//! so two articles with the same kind of scene still get different pictures.

use std::fmt::Write as _;

use crate::rng::Rng;

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 450;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scene {
    Hall,
    River,
    School,
    Market,
    Road,
    Office,
    Park,
    Construction,
    Festival,
    Field,
    Health,
    Factory,
}

impl Scene {
    pub const ALL: [Scene; 12] = [
        Scene::Hall,
        Scene::River,
        Scene::School,
        Scene::Market,
        Scene::Road,
        Scene::Office,
        Scene::Park,
        Scene::Construction,
        Scene::Festival,
        Scene::Field,
        Scene::Health,
        Scene::Factory,
    ];

    /// A short ASCII name, used in file names.
    pub fn name(self) -> &'static str {
        match self {
            Scene::Hall => "hoi-truong",
            Scene::River => "ven-song",
            Scene::School => "truong-hoc",
            Scene::Market => "cho",
            Scene::Road => "duong-pho",
            Scene::Office => "mot-cua",
            Scene::Park => "cong-vien",
            Scene::Construction => "cong-trinh",
            Scene::Festival => "le-hoi",
            Scene::Field => "canh-dong",
            Scene::Health => "tram-y-te",
            Scene::Factory => "nha-may",
        }
    }

    /// What the picture shows, for `alt` (a reader who cannot see it learns what is there).
    pub fn alt(self) -> &'static str {
        match self {
            Scene::Hall => "Tranh minh họa hội trường: sân khấu phông đỏ có ngôi sao vàng, bàn chủ tọa phủ khăn trắng, bục phát biểu và các hàng ghế đại biểu",
            Scene::River => "Tranh minh họa bờ sông: dòng sông xanh, bờ kè có hàng cây, thuyền nhỏ và dãy nhà phía bờ bên kia",
            Scene::School => "Tranh minh họa trường học: dãy phòng học sơn vàng, cột cờ giữa sân và học sinh vui chơi dưới tán cây",
            Scene::Market => "Tranh minh họa khu chợ: các sạp hàng mái bạt sọc màu bày rau quả, người mua bán qua lại",
            Scene::Road => "Tranh minh họa tuyến đường: mặt đường rộng có vạch kẻ, cột đèn chiếu sáng, hàng cây và nhà phố hai bên",
            Scene::Office => "Tranh minh họa bộ phận một cửa: các quầy tiếp nhận hồ sơ có bảng số, màn hình gọi số và người dân ngồi chờ",
            Scene::Park => "Tranh minh họa công viên: bãi cỏ xanh, lối đi uốn lượn, hồ nước nhỏ, ghế đá và nhiều cây xanh",
            Scene::Construction => "Tranh minh họa công trường: cần cẩu tháp, khung nhà đang xây và bảng thông tin dự án",
            Scene::Festival => "Tranh minh họa lễ hội đêm: dây đèn lồng đỏ vàng, sân khấu sáng đèn và đông người xem",
            Scene::Field => "Tranh minh họa cánh đồng: ruộng lúa xanh vàng trải dài tới chân đồi, người nông dân đội nón lá",
            Scene::Health => "Tranh minh họa trạm y tế: tòa nhà trắng có dấu chữ thập đỏ, xe cứu thương và người dân chờ khám",
            Scene::Factory => "Tranh minh họa khu công nghiệp: nhà xưởng mái răng cưa, ống khói, container và xe tải",
        }
    }

    /// A caption: what the illustration stands for in a portal's story.
    pub fn caption(self) -> &'static str {
        match self {
            Scene::Hall => "Quang cảnh hội trường trong một buổi hội nghị của thành phố (ảnh minh họa).",
            Scene::River => "Bờ sông Vân đoạn qua trung tâm thành phố (ảnh minh họa).",
            Scene::School => "Một ngôi trường trên địa bàn thành phố (ảnh minh họa).",
            Scene::Market => "Hoạt động mua bán tại chợ trung tâm (ảnh minh họa).",
            Scene::Road => "Một tuyến đường trong khu trung tâm thành phố (ảnh minh họa).",
            Scene::Office => "Người dân giao dịch tại Bộ phận Một cửa (ảnh minh họa).",
            Scene::Park => "Không gian xanh trong công viên thành phố (ảnh minh họa).",
            Scene::Construction => "Một công trình đang thi công trên địa bàn (ảnh minh họa).",
            Scene::Festival => "Không khí lễ hội về đêm (ảnh minh họa).",
            Scene::Field => "Cánh đồng lúa ở vùng ven thành phố (ảnh minh họa).",
            Scene::Health => "Người dân đến khám tại trạm y tế (ảnh minh họa).",
            Scene::Factory => "Nhà xưởng trong cụm công nghiệp của thành phố (ảnh minh họa).",
        }
    }

    /// The scene that fits a title, if one does.
    pub fn for_title(title: &str) -> Option<Scene> {
        let t = title.to_lowercase();
        const RULES: [(&[&str], Scene); 12] = [
            (&["một cửa", "dịch vụ công", "thủ tục", "hồ sơ", "tiếp công dân", "ki-ốt", "công chức"], Scene::Office),
            (&["y tế", "khám", "tiêm", "sốt xuất huyết", "dịch bệnh", "sức khỏe"], Scene::Health),
            (
                &[
                    "trường",
                    "học sinh",
                    "năm học",
                    "giáo viên",
                    "tuyển sinh",
                    "học bổng",
                    "thi tốt nghiệp",
                    "thư viện",
                    "bơi",
                ],
                Scene::School,
            ),
            (&["chợ", "hàng hóa", "thanh toán"], Scene::Market),
            (
                &["lễ hội", "văn nghệ", "nhạc", "trung thu", "pháo hoa", "dân ca", "bảo tàng", "di tích", "du lịch"],
                Scene::Festival,
            ),
            (
                &[
                    "hội nghị",
                    "đại hội",
                    "kỳ họp",
                    "tổng kết",
                    "tuyên dương",
                    "khen thưởng",
                    "biểu dương",
                    "đối thoại",
                    "gặp mặt",
                    "giao ban",
                    "tôn vinh",
                    "phát động",
                ],
                Scene::Hall,
            ),
            (&["sông", "kè", "mưa", "lũ", "ngập", "thiên tai"], Scene::River),
            (&["lúa", "nông", "ocop", "cánh đồng"], Scene::Field),
            (&["công nghiệp", "doanh nghiệp", "đầu tư", "nhà máy", "xuất khẩu"], Scene::Factory),
            (&["quy hoạch", "khởi công", "xây dựng", "nhà ở", "dự án", "công trình"], Scene::Construction),
            (&["cây xanh", "công viên", "trồng", "vệ sinh", "rác"], Scene::Park),
            (&["đường", "giao thông", "nút giao", "cầu", "vỉa hè", "chiếu sáng", "hẻm"], Scene::Road),
        ];
        RULES.iter().find(|(words, _)| words.iter().any(|word| t.contains(word))).map(|(_, scene)| *scene)
    }

    /// Draws the scene; `rng` varies colours and details.
    pub fn render(self, rng: &mut Rng) -> String {
        let mut s = Svg::new(self.alt_title());
        match self {
            Scene::Hall => hall(&mut s, rng),
            Scene::River => river(&mut s, rng),
            Scene::School => school(&mut s, rng),
            Scene::Market => market(&mut s, rng),
            Scene::Road => road(&mut s, rng),
            Scene::Office => office(&mut s, rng),
            Scene::Park => park(&mut s, rng),
            Scene::Construction => construction(&mut s, rng),
            Scene::Festival => festival(&mut s, rng),
            Scene::Field => field(&mut s, rng),
            Scene::Health => health(&mut s, rng),
            Scene::Factory => factory(&mut s, rng),
        }
        s.finish()
    }

    fn alt_title(self) -> &'static str {
        match self {
            Scene::Hall => "Hội trường",
            Scene::River => "Bờ sông",
            Scene::School => "Trường học",
            Scene::Market => "Khu chợ",
            Scene::Road => "Tuyến đường",
            Scene::Office => "Bộ phận một cửa",
            Scene::Park => "Công viên",
            Scene::Construction => "Công trường",
            Scene::Festival => "Lễ hội",
            Scene::Field => "Cánh đồng",
            Scene::Health => "Trạm y tế",
            Scene::Factory => "Khu công nghiệp",
        }
    }
}

/// A minimal SVG writer: integer coordinates, grouped fills, shared symbols.
struct Svg {
    body: String,
    person: bool,
    tree: bool,
}

impl Svg {
    fn new(title: &str) -> Self {
        let mut body = String::with_capacity(4096);
        let _ = write!(
            body,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"><title>{title} (tranh minh họa)</title>"#
        );
        Svg { body, person: false, tree: false }
    }

    fn rect(&mut self, x: i32, y: i32, w: i32, h: i32, fill: &str) {
        let _ = write!(self.body, r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>"#);
    }

    fn rrect(&mut self, x: i32, y: i32, w: i32, h: i32, r: i32, fill: &str) {
        let _ = write!(self.body, r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{fill}"/>"#);
    }

    fn circle(&mut self, cx: i32, cy: i32, r: i32, fill: &str) {
        let _ = write!(self.body, r#"<circle cx="{cx}" cy="{cy}" r="{r}" fill="{fill}"/>"#);
    }

    fn ellipse(&mut self, cx: i32, cy: i32, rx: i32, ry: i32, fill: &str) {
        let _ = write!(self.body, r#"<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="{fill}"/>"#);
    }

    fn poly(&mut self, points: &[(i32, i32)], fill: &str) {
        self.body.push_str(r#"<polygon points=""#);
        for (i, (x, y)) in points.iter().enumerate() {
            if i > 0 {
                self.body.push(' ');
            }
            let _ = write!(self.body, "{x},{y}");
        }
        let _ = write!(self.body, r#"" fill="{fill}"/>"#);
    }

    fn line(&mut self, x1: i32, y1: i32, x2: i32, y2: i32, stroke: &str, width: i32) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{stroke}" stroke-width="{width}"/>"#
        );
    }

    fn path(&mut self, d: &str, fill: &str, stroke: &str, width: i32) {
        let _ = write!(self.body, r#"<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>"#);
    }

    fn open_group(&mut self, fill: &str) {
        let _ = write!(self.body, r#"<g fill="{fill}">"#);
    }

    fn close_group(&mut self) {
        self.body.push_str("</g>");
    }

    /// A person seen from the front, feet at (`x`, `y`), `scale` in percent.
    fn person(&mut self, x: i32, y: i32, scale: i32, shirt: &str) {
        self.person = true;
        if scale == 100 {
            let _ = write!(self.body, r##"<use href="#p" x="{x}" y="{y}" fill="{shirt}"/>"##);
        } else {
            let _ = write!(
                self.body,
                r##"<use href="#p" transform="translate({x} {y}) scale(0.{scale:02})" fill="{shirt}"/>"##
            );
        }
    }

    /// A round tree, trunk base at (`x`, `y`).
    fn tree(&mut self, x: i32, y: i32, green: &str) {
        self.tree = true;
        let _ = write!(self.body, r##"<use href="#t" x="{x}" y="{y}" fill="{green}"/>"##);
    }

    /// A five-pointed star. The unit points are constants (not `cos`/`sin`
    /// at run time) so the bytes never depend on a platform's maths library.
    fn star(&mut self, cx: i32, cy: i32, r: i32, fill: &str) {
        const UNIT: [(f64, f64); 10] = [
            (0.0000, -1.0000),
            (0.5878, -0.8090),
            (0.9511, -0.3090),
            (0.9511, 0.3090),
            (0.5878, 0.8090),
            (0.0000, 1.0000),
            (-0.5878, 0.8090),
            (-0.9511, 0.3090),
            (-0.9511, -0.3090),
            (-0.5878, -0.8090),
        ];
        let points: Vec<(i32, i32)> = UNIT
            .iter()
            .enumerate()
            .map(|(i, (x, y))| {
                let radius = if i % 2 == 0 { r as f64 } else { r as f64 * 0.4 };
                (cx + (radius * x).round() as i32, cy + (radius * y).round() as i32)
            })
            .collect();
        self.poly(&points, fill);
    }

    fn finish(mut self) -> String {
        let mut defs = String::new();
        if self.person || self.tree {
            defs.push_str("<defs>");
            if self.person {
                defs.push_str(r##"<g id="p"><rect x="-13" y="-36" width="26" height="36" rx="10"/><circle cy="-48" r="11" fill="#3a2a20"/></g>"##);
            }
            if self.tree {
                defs.push_str(r##"<g id="t"><rect x="-5" y="-40" width="10" height="40" fill="#7a5230"/><circle cy="-62" r="30"/><circle cx="-18" cy="-46" r="20"/><circle cx="18" cy="-46" r="20"/></g>"##);
            }
            defs.push_str("</defs>");
            // Insert the definitions right after the title.
            let at = self.body.find("</title>").map(|i| i + "</title>".len()).unwrap_or(0);
            self.body.insert_str(at, &defs);
        }
        self.body.push_str("</svg>\n");
        self.body
    }
}

const SKIES: [&str; 5] = ["#cfe8f7", "#d8eefa", "#bfe0f2", "#e3f1f8", "#c7e3f0"];
const GREENS: [&str; 5] = ["#3f8f4e", "#4a9d5b", "#357a44", "#5aa866", "#2f7f55"];
const SHIRTS: [&str; 8] = ["#ffffff", "#2f5d9e", "#e9e4d8", "#9c2f2f", "#4b7f9e", "#f0c04a", "#5e6c7d", "#d9e6f2"];
const WALLS: [&str; 4] = ["#f3e6d0", "#efe3cf", "#f1e9da", "#eadcc4"];

fn sky(s: &mut Svg, rng: &mut Rng, horizon: i32) {
    s.rect(0, 0, 800, horizon, rng.pick(&SKIES));
    let sun_x = rng.range(560, 720) as i32;
    s.circle(sun_x, rng.range(55, 90) as i32, 30, "#ffd45c");
    // Two clouds.
    for _ in 0..2 {
        let x = rng.range(60, 480) as i32;
        let y = rng.range(40, 100) as i32;
        s.ellipse(x, y, 46, 16, "#fff");
        s.ellipse(x + 26, y - 10, 26, 14, "#fff");
    }
}

fn skyline(s: &mut Svg, rng: &mut Rng, base: i32, color: &str) {
    s.open_group(color);
    let mut x = 0;
    while x < 800 {
        let w = rng.range(40, 90) as i32;
        let h = rng.range(40, 120) as i32;
        let _ = write!(s.body, r#"<rect x="{x}" y="{}" width="{}" height="{h}"/>"#, base - h, w - 6);
        x += w;
    }
    s.close_group();
}

fn hall(s: &mut Svg, rng: &mut Rng) {
    s.rect(0, 0, 800, 450, rng.pick(&WALLS));
    let red = rng.pick(&["#b3202a", "#a81c26", "#c0262f"]);
    s.rect(110, 30, 580, 180, red);
    s.rect(110, 30, 580, 26, "#e8b923");
    s.star(400, 122, 44, "#f5cf3a");
    s.rect(70, 210, 660, 28, "#7a4a2a");
    // Presidium table with its flowers.
    s.rect(190, 178, 330, 34, "#ffffff");
    s.open_group("#e0566a");
    for i in 0..9 {
        let _ = write!(s.body, r#"<circle cx="{}" cy="214" r="9"/>"#, 210 + i * 36);
    }
    s.close_group();
    // Podium.
    s.rect(590, 160, 56, 52, "#8b5a2b");
    s.circle(618, 158, 10, "#f0a030");
    s.rect(0, 238, 800, 212, "#c9b79c");
    // Rows of delegates seen from behind.
    let rows = rng.range(3, 4) as i32;
    for row in 0..rows {
        let y = 318 + row * 44;
        let offset = if row % 2 == 0 { 0 } else { 28 };
        let mut x = 60 + offset;
        while x < 760 {
            if !(380..420).contains(&x) {
                let shirt = rng.pick(&SHIRTS);
                s.person(x, y, 100, shirt);
            }
            x += 56;
        }
    }
}

fn river(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 240);
    s.poly(&[(0, 230), (140, 170), (300, 215), (470, 160), (640, 210), (800, 180), (800, 240), (0, 240)], "#8fb996");
    skyline(s, rng, 240, "#9fb3c8");
    s.rect(0, 240, 800, 120, rng.pick(&["#4a90c2", "#3f86b8", "#5597c6"]));
    for i in 0..5 {
        let y = 262 + i * 20;
        let x = rng.range(20, 500) as i32;
        s.path(&format!("M{x} {y} q20 -8 40 0 t40 0 t40 0"), "none", "#d6ecf8", 3);
    }
    // A boat.
    let bx = rng.range(120, 560) as i32;
    s.poly(&[(bx, 300), (bx + 110, 300), (bx + 92, 318), (bx + 16, 318)], "#7a4a2a");
    s.rect(bx + 36, 282, 40, 18, "#e9d8a6");
    // Embankment, promenade, trees.
    s.rect(0, 360, 800, 18, "#a7a39a");
    s.rect(0, 378, 800, 72, "#6fae5f");
    s.rect(0, 398, 800, 18, "#d8cbb0");
    let green = rng.pick(&GREENS);
    let mut x = 40 + rng.range(0, 30) as i32;
    while x < 800 {
        s.tree(x, 396, green);
        x += 130;
    }
    s.person(rng.range(200, 600) as i32, 412, 80, rng.pick(&SHIRTS));
}

fn school(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 320);
    let wall = rng.pick(&["#f2d16b", "#f0c75a", "#f4d67c"]);
    s.rect(150, 120, 500, 200, wall);
    s.poly(&[(130, 124), (400, 80), (670, 124)], "#b5533c");
    s.open_group("#5b8fb9");
    for row in 0..3 {
        for col in 0..8 {
            if row == 2 && (col == 3 || col == 4) {
                continue;
            }
            let _ = write!(s.body, r#"<rect x="{}" y="{}" width="34" height="34"/>"#, 176 + col * 58, 140 + row * 58);
        }
    }
    s.close_group();
    s.rect(360, 256, 80, 64, "#8b5a2b");
    // Flag pole.
    s.line(100, 320, 100, 130, "#777777", 4);
    s.rect(102, 132, 60, 40, "#d8262f");
    s.star(132, 152, 12, "#f5cf3a");
    s.rect(0, 320, 800, 130, "#dccfb3");
    let green = rng.pick(&GREENS);
    s.tree(60, 330, green);
    s.tree(730, 330, green);
    for _ in 0..rng.range(5, 8) {
        let x = rng.range(140, 680) as i32;
        let y = rng.range(380, 430) as i32;
        s.person(x, y, 70, rng.pick(&["#ffffff", "#2f5d9e", "#ffffff"]));
    }
}

fn market(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 200);
    skyline(s, rng, 200, "#c9b9a3");
    s.rect(0, 200, 800, 250, "#d9cdb5");
    let awnings = [("#d8262f", "#ffffff"), ("#2f7f55", "#f3e6a0"), ("#2f5d9e", "#ffffff"), ("#e08a1e", "#fff3d6")];
    for (i, (a, b)) in awnings.iter().enumerate() {
        let x = 30 + i as i32 * 190;
        s.rect(x, 210, 170, 30, a);
        s.open_group(b);
        for k in 0..4 {
            let _ = write!(s.body, r#"<rect x="{}" y="210" width="21" height="30"/>"#, x + 21 + k * 42);
        }
        s.close_group();
        s.line(x + 6, 240, x + 6, 330, "#6b4a2b", 5);
        s.line(x + 164, 240, x + 164, 330, "#6b4a2b", 5);
        s.rect(x, 300, 170, 34, "#a0703f");
        let fruit = [rng.pick(&["#e5533d", "#f0a030", "#7fbf4a"]), rng.pick(&["#f5d23a", "#8ccf5a", "#c0392b"])];
        for k in 0..6 {
            s.circle(x + 20 + k * 26, 294, 11, fruit[(k % 2) as usize]);
        }
        s.person(x + 85, 300, 80, rng.pick(&SHIRTS));
    }
    for _ in 0..rng.range(4, 6) {
        s.person(rng.range(40, 760) as i32, rng.range(400, 440) as i32, 100, rng.pick(&SHIRTS));
    }
}

fn road(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 220);
    skyline(s, rng, 220, "#b8c4d0");
    s.rect(0, 220, 800, 230, "#7fb069");
    s.poly(&[(330, 220), (470, 220), (800, 420), (800, 450), (0, 450), (0, 420)], "#5d5f63");
    s.poly(&[(396, 220), (404, 220), (420, 450), (380, 450)], "#5d5f63");
    // Lane dashes, closer ones larger.
    s.open_group("#f4f4f4");
    for i in 0..6 {
        let y = 228 + i * i * 7 + i * 8;
        let h = 6 + i * 4;
        let w = 2 + i;
        let _ = write!(s.body, r#"<rect x="{}" y="{y}" width="{}" height="{h}"/>"#, 400 - w / 2, w);
    }
    s.close_group();
    // Street lights.
    for (x, top, h) in [(250, 200, 60), (150, 170, 110), (550, 200, 60), (650, 170, 110)] {
        s.line(x, top + h, x, top, "#4a4a4a", 4);
        s.circle(x, top, 7, "#ffe08a");
    }
    let green = rng.pick(&GREENS);
    s.tree(60, 330, green);
    s.tree(740, 330, green);
    // Cars.
    let colors = ["#d8262f", "#2f5d9e", "#f0c04a", "#ffffff", "#3f8f4e"];
    for (x, y, w) in [(300, 330, 90), (470, 290, 64)] {
        let c = rng.pick(&colors);
        s.rrect(x, y, w, w / 2, 10, c);
        s.rect(x + w / 5, y - w / 5, w * 3 / 5, w / 4, "#bcd7ea");
        s.circle(x + w / 5, y + w / 2, w / 9, "#222222");
        s.circle(x + w * 4 / 5, y + w / 2, w / 9, "#222222");
    }
}

fn office(s: &mut Svg, rng: &mut Rng) {
    s.rect(0, 0, 800, 450, rng.pick(&WALLS));
    s.rect(0, 300, 800, 150, "#c6b9a5");
    // The number display.
    s.rect(300, 40, 200, 70, "#263238");
    s.open_group("#f5cf3a");
    for i in 0..3 {
        let _ = write!(s.body, r#"<rect x="320" y="{}" width="{}" height="8"/>"#, 55 + i * 16, 160 - i * 40);
    }
    s.close_group();
    // Counters with their numbers (dots for the counter number).
    let desk = rng.pick(&["#8b5a2b", "#9c6b3a", "#7a4a2a"]);
    for i in 0..5 {
        let x = 30 + i * 154;
        s.rect(x + 20, 140, 100, 34, "#2f5d9e");
        for k in 0..=i {
            s.circle(x + 40 + k * 14, 157, 5, "#ffffff");
        }
        s.person(x + 70, 250, 90, "#ffffff");
        s.rect(x, 230, 140, 70, desk);
        s.rect(x + 10, 210, 40, 26, "#444b55");
    }
    // Waiting chairs and residents.
    s.open_group("#4b7f9e");
    for i in 0..8 {
        let _ = write!(s.body, r#"<rect x="{}" y="380" width="60" height="14"/>"#, 100 + i * 80);
    }
    s.close_group();
    for _ in 0..rng.range(3, 6) {
        let seat = rng.range(0, 7) as i32;
        s.person(130 + seat * 80, 386, 100, rng.pick(&SHIRTS));
    }
    s.rect(20, 330, 40, 60, "#b5533c");
    s.circle(40, 320, 26, "#3f8f4e");
}

fn park(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 200);
    s.rect(0, 200, 800, 250, rng.pick(&["#7fbf5a", "#74b55a", "#86c462"]));
    s.ellipse(590, 300, 150, 40, "#5fa8d3");
    s.path("M0 430 C200 380 260 300 420 260 S700 230 800 220", "none", "#e8dcc0", 26);
    let greens = [rng.pick(&GREENS), rng.pick(&GREENS)];
    for i in 0..7 {
        let x = 40 + i * 120 + rng.range(0, 30) as i32;
        let y = 230 + (i % 3) * 20;
        s.tree(x, y, greens[(i % 2) as usize]);
    }
    s.rect(250, 360, 90, 12, "#8b5a2b");
    s.rect(258, 372, 8, 18, "#6b4a2b");
    s.rect(324, 372, 8, 18, "#6b4a2b");
    for _ in 0..rng.range(3, 5) {
        s.person(rng.range(100, 700) as i32, rng.range(380, 440) as i32, 90, rng.pick(&SHIRTS));
    }
    s.open_group("#f06292");
    for _ in 0..6 {
        let _ = write!(s.body, r#"<circle cx="{}" cy="{}" r="6"/>"#, rng.range(20, 780), rng.range(330, 445));
    }
    s.close_group();
}

fn construction(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 340);
    s.rect(0, 340, 800, 110, "#b89b72");
    // Building frame.
    let floors = rng.range(4, 6) as i32;
    let top = 340 - floors * 40;
    s.rect(250, top, 260, floors * 40, "#d9d4cb");
    for f in 0..=floors {
        s.line(250, top + f * 40, 510, top + f * 40, "#8a8580", 5);
    }
    for c in 0..5 {
        s.line(250 + c * 65, top, 250 + c * 65, 340, "#8a8580", 5);
    }
    // Tower crane.
    let mast = 600;
    s.rect(mast, 60, 16, 280, "#f0b323");
    s.rect(430, 60, 340, 12, "#f0b323");
    s.rect(mast - 10, 72, 36, 22, "#37474f");
    s.line(470, 72, 470, 170, "#37474f", 2);
    s.rect(455, 170, 30, 18, "#7a8a99");
    // The project board.
    s.rect(40, 250, 150, 80, "#2f5d9e");
    s.open_group("#ffffff");
    for i in 0..4 {
        let _ = write!(s.body, r#"<rect x="52" y="{}" width="{}" height="7"/>"#, 264 + i * 15, 120 - i * 20);
    }
    s.close_group();
    s.line(60, 330, 60, 370, "#555555", 5);
    s.line(170, 330, 170, 370, "#555555", 5);
    for _ in 0..3 {
        s.person(rng.range(300, 560) as i32, rng.range(390, 430) as i32, 80, "#f57c00");
    }
}

fn festival(s: &mut Svg, rng: &mut Rng) {
    s.rect(0, 0, 800, 450, rng.pick(&["#1d2b4f", "#22305a", "#1a2444"]));
    s.circle(690, 70, 32, "#fff3c4");
    s.open_group("#ffffff");
    for _ in 0..14 {
        let _ = write!(s.body, r#"<circle cx="{}" cy="{}" r="2"/>"#, rng.range(10, 790), rng.range(10, 160));
    }
    s.close_group();
    // Stage.
    s.rect(220, 170, 360, 150, "#7a1f2b");
    s.rect(240, 190, 320, 110, "#f3b74a");
    s.rect(200, 320, 400, 20, "#4a2a20");
    s.person(360, 300, 100, "#d8262f");
    s.person(440, 300, 100, "#ffffff");
    // Strings of lanterns.
    s.path("M0 60 Q200 130 400 70 T800 60", "none", "#c9a227", 2);
    let colors = ["#e53935", "#fbc02d", "#ef6c00"];
    for i in 0..9 {
        let x = 40 + i * 90;
        let y = 84 + ((i % 3) * 10);
        s.ellipse(x, y + 16, 14, 18, colors[(i % 3) as usize]);
    }
    // The crowd, as silhouettes.
    s.rect(0, 340, 800, 110, "#2b2b3a");
    let mut x = 20;
    while x < 800 {
        s.person(x, 450, 100, "#11131c");
        x += rng.range(34, 50) as i32;
    }
}

fn field(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 200);
    s.poly(&[(0, 200), (160, 130), (330, 190), (520, 120), (800, 200)], "#6f9a6a");
    let bands = ["#9cc95a", "#c8d65a", "#e6c84a", "#8cbf4e", "#d9c34c"];
    let mut y = 200;
    let mut i = rng.index(bands.len());
    while y < 450 {
        let h = 18 + (y - 200) / 5;
        s.rect(0, y, 800, h, bands[i % bands.len()]);
        y += h;
        i += 1;
    }
    // A farmer with a conical hat.
    let x = rng.range(200, 600) as i32;
    s.person(x, 380, 100, "#4b7f9e");
    s.poly(&[(x - 24, 336), (x, 312), (x + 24, 336)], "#e8d8a0");
    // Storks.
    for _ in 0..3 {
        let bx = rng.range(80, 720) as i32;
        let by = rng.range(80, 160) as i32;
        s.path(&format!("M{} {by} q10 -10 20 0 q10 -10 20 0", bx - 20), "none", "#ffffff", 3);
    }
    s.tree(70, 230, rng.pick(&GREENS));
}

fn health(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 330);
    s.rect(180, 130, 440, 200, "#f7f7f5");
    s.rect(170, 118, 460, 16, rng.pick(&["#4b7f9e", "#2f7f55"]));
    s.open_group("#9cc3dd");
    for row in 0..2 {
        for col in 0..6 {
            let _ = write!(s.body, r#"<rect x="{}" y="{}" width="40" height="36"/>"#, 205 + col * 70, 150 + row * 60);
        }
    }
    s.close_group();
    // The red cross.
    s.rect(378, 60, 44, 44, "#ffffff");
    s.rect(392, 66, 16, 32, "#d8262f");
    s.rect(384, 74, 32, 16, "#d8262f");
    s.rect(370, 270, 60, 60, "#6b8fa8");
    s.rect(0, 330, 800, 120, "#cfc6b5");
    // Ambulance.
    s.rrect(560, 330, 150, 60, 8, "#ffffff");
    s.rect(560, 350, 150, 8, "#d8262f");
    s.circle(590, 392, 13, "#222222");
    s.circle(680, 392, 13, "#222222");
    for i in 0..rng.range(3, 5) as i32 {
        s.person(240 + i * 50, 410, 90, rng.pick(&SHIRTS));
    }
    s.tree(80, 340, rng.pick(&GREENS));
}

fn factory(s: &mut Svg, rng: &mut Rng) {
    sky(s, rng, 300);
    let wall = rng.pick(&["#b0bec5", "#aab7bf", "#c0cbd1"]);
    s.rect(80, 180, 460, 120, wall);
    let mut teeth = vec![(80, 180)];
    for i in 0..6 {
        let x = 80 + i * 77;
        teeth.push((x + 60, 140));
        teeth.push((x + 77, 180));
    }
    s.poly(&teeth, "#78909c");
    s.rect(470, 60, 30, 120, "#8d6e63");
    s.ellipse(500, 50, 40, 16, "#eceff1");
    s.open_group("#eceff1");
    for i in 0..6 {
        let _ = write!(s.body, r#"<rect x="{}" y="220" width="44" height="30"/>"#, 110 + i * 72);
    }
    s.close_group();
    s.rect(0, 300, 800, 150, "#9e9e9e");
    // Containers and a truck.
    let colors = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00"];
    for i in 0..3 {
        s.rect(580, 260 - i * 36, 170, 36, colors[rng.index(colors.len())]);
    }
    let tx = rng.range(120, 320) as i32;
    s.rect(tx, 330, 160, 60, "#1565c0");
    s.rect(tx + 160, 350, 50, 40, "#f0c04a");
    s.circle(tx + 30, 394, 14, "#222222");
    s.circle(tx + 180, 394, 14, "#222222");
    s.person(tx + 300, 420, 90, "#f57c00");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scene_is_small_and_well_formed() {
        for scene in Scene::ALL {
            for seed in 0..20 {
                let svg = scene.render(&mut Rng::new(seed));
                assert!(svg.len() < 6 * 1024, "{scene:?} seed {seed}: {} bytes", svg.len());
                assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
                assert!(svg.trim_end().ends_with("</svg>"));
                assert_eq!(svg.matches('<').count(), svg.matches('>').count());
            }
        }
    }

    #[test]
    fn titles_find_scenes() {
        assert_eq!(Scene::for_title("Hội nghị tổng kết công tác thi đua"), Some(Scene::Hall));
        assert_eq!(Scene::for_title("Hoàn thành 2 km kè chống sạt lở bờ sông Vân"), Some(Scene::River));
        assert_eq!(Scene::for_title("Chợ hoa Xuân"), Some(Scene::Market));
        assert_eq!(Scene::for_title("Một câu không có gì"), None);
    }
}

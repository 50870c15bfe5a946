//! Date archives: the site's dated articles by year (`/2024/`) and by month
//! (`/2024/05/`), newest first, for readers and crawlers who browse by date.
//! An article is filed under the date as written (its own offset), so a
//! story dated `2024-05-31T23:30:00-04:00` is in May wherever it is built.

use std::sync::Arc;

use crate::content::Article;

/// One year of articles, with its months.
#[derive(Debug, Clone, PartialEq)]
pub struct Year {
    pub year: i16,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
    /// Months with articles, newest first.
    pub months: Vec<Month>,
}

/// One month of articles.
#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    /// 1 to 12.
    pub month: i8,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

impl Year {
    /// `/2024/`
    pub fn path(&self) -> String {
        format!("/{:04}/", self.year)
    }

    /// `/2024/05/`
    pub fn month_path(&self, m: &Month) -> String {
        month_path(self.year, m.month)
    }
}

/// Site path of a month's archive: `/2024/05/`.
pub fn month_path(year: i16, month: i8) -> String {
    format!("/{year:04}/{month:02}/")
}

/// The archive index, listing every year and month.
pub const INDEX_PATH: &str = "/archive/";

/// Files `articles` (newest first) by year and month; undated ones are left out.
pub fn build(articles: &[Arc<Article>]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let Some(date) = &a.date else { continue };
        let (y, m) = (date.year(), date.month());
        let year = match years.iter_mut().position(|x| x.year == y) {
            Some(k) => &mut years[k],
            None => {
                years.push(Year {
                    year: y,
                    articles: Vec::new(),
                    months: Vec::new(),
                });
                years.last_mut().expect("just pushed")
            }
        };
        year.articles.push(i);
        match year.months.iter_mut().find(|x| x.month == m) {
            Some(month) => month.articles.push(i),
            None => year.months.push(Month {
                month: m,
                articles: vec![i],
            }),
        }
    }
    // Articles come newest first by instant; dates written in different
    // offsets can disagree near a boundary, so order the buckets themselves.
    years.sort_by_key(|y| std::cmp::Reverse(y.year));
    for y in &mut years {
        y.months.sort_by_key(|m| std::cmp::Reverse(m.month));
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tests::article_with;

    fn dated(src: &str, date: &str) -> Arc<Article> {
        let mut a = article_with(src, Default::default());
        a.date = Some(crate::content::dates::parse_date(date).unwrap());
        Arc::new(a)
    }

    #[test]
    fn articles_by_year_and_month_newest_first() {
        let articles = vec![
            dated("c.md", "2024-05-31T23:30:00-04:00"),
            dated("b.md", "2024-05-02"),
            dated("a.md", "2024-01-10"),
            Arc::new(article_with("undated.md", Default::default())),
            dated("z.md", "2023-12-31"),
        ];
        let years = build(&articles);
        assert_eq!(years.len(), 2);
        assert_eq!(years[0].year, 2024);
        assert_eq!(years[0].articles, [0, 1, 2]);
        let months: Vec<(i8, Vec<usize>)> = years[0]
            .months
            .iter()
            .map(|m| (m.month, m.articles.clone()))
            .collect();
        assert_eq!(months, [(5, vec![0, 1]), (1, vec![2])]);
        assert_eq!(years[1].path(), "/2023/");
        assert_eq!(years[1].month_path(&years[1].months[0]), "/2023/12/");
    }
}
